select 'from include';
selec 'bad';
select 'still running';
