.mode csv
.headers on
