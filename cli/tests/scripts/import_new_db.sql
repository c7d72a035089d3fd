-- .import into a new database: the table does not exist and neither does page 1.
.import --csv data.csv people
select count(*) from people;
.schema people
