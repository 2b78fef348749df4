-- Version 9: a month derived from a period row says so. Statements that list spells
-- (险种, 起止年月 2015.01-2018.12, 月数, 个人缴费合计) are expanded to one record per month; each
-- such record keeps the file line of its spell, so the history can say "derived from the
-- period row on line N of this file" rather than pass the spread amounts off as listed ones.
-- NULL for a month its source listed on its own, which every record before this version was.

ALTER TABLE contributions ADD COLUMN period_line INTEGER CHECK (period_line > 0);
