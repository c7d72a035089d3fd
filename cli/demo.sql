-- The Ferrolite demo database: a tiny bookshop.
CREATE TABLE author(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  born INTEGER
);
CREATE TABLE book(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  author_id INTEGER REFERENCES author(id),
  year INTEGER,
  price REAL
);
CREATE INDEX book_author ON book(author_id);
INSERT INTO author(id, name, born) VALUES
  (1, 'Ursula K. Le Guin', 1929),
  (2, 'Stanisław Lem', 1921),
  (3, 'Octavia E. Butler', 1947),
  (4, 'Italo Calvino', 1923);
INSERT INTO book(id, title, author_id, year, price) VALUES
  (1, 'The Left Hand of Darkness', 1, 1969, 9.99),
  (2, 'The Dispossessed', 1, 1974, 10.5),
  (3, 'Solaris', 2, 1961, 8.75),
  (4, 'The Cyberiad', 2, 1965, 12.0),
  (5, 'Kindred', 3, 1979, 11.25),
  (6, 'Parable of the Sower', 3, 1993, NULL),
  (7, 'Invisible Cities', 4, 1972, 7.5);
CREATE VIEW book_list AS
  SELECT book.title, author.name AS author, book.year
  FROM book JOIN author ON author.id = book.author_id
  ORDER BY book.year;
