-- comment lines before a dot-command
.print before
/* an open comment
.print collected
*/ select 1;
