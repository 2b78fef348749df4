-- Version 7: amounts in the change history are integer fen, like every other amount.
-- Until now a changed base, personal, employer or credited amount was kept as yuan text
-- (`1234.50`, written by Money::to_plain), which every face had to parse back, the window with
-- a float. The amount now goes in old_fen / new_fen; old_value / new_value keep the text fields
-- (region, status).
--
-- The conversion is exact and uses no floating point: `[-]digits.dd` with the dot removed is
-- the number of fen. Only text of exactly that form (at most 15 digits before the dot, as
-- Money accepts) is converted; anything else is left as text, never lost.

ALTER TABLE contribution_revisions ADD COLUMN old_fen INTEGER;
ALTER TABLE contribution_revisions ADD COLUMN new_fen INTEGER;

UPDATE contribution_revisions
SET old_fen = CAST(replace(old_value, '.', '') AS INTEGER), old_value = NULL
WHERE field IN ('base', 'personal', 'employer', 'credited')
  AND (old_value GLOB '[0-9]*.[0-9][0-9]' OR old_value GLOB '-[0-9]*.[0-9][0-9]')
  AND replace(ltrim(old_value, '-'), '.', '') NOT GLOB '*[^0-9]*'
  AND length(ltrim(old_value, '-')) BETWEEN 4 AND 18
  AND length(old_value) - length(replace(old_value, '.', '')) = 1;

UPDATE contribution_revisions
SET new_fen = CAST(replace(new_value, '.', '') AS INTEGER), new_value = NULL
WHERE field IN ('base', 'personal', 'employer', 'credited')
  AND (new_value GLOB '[0-9]*.[0-9][0-9]' OR new_value GLOB '-[0-9]*.[0-9][0-9]')
  AND replace(ltrim(new_value, '-'), '.', '') NOT GLOB '*[^0-9]*'
  AND length(ltrim(new_value, '-')) BETWEEN 4 AND 18
  AND length(new_value) - length(replace(new_value, '.', '')) = 1;
