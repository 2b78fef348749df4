-- Version 8: what a person gives the pension estimate themselves, once, per profile: the figures
-- the rule tables may lack (养老金计发基数, their own 平均缴费指数 from a 个人权益记录单), the
-- index they expect to pay at from now, the retirement month they choose within their elastic
-- window, and for the transitional pension their 视同缴费年限 and the province's coefficient.
--
-- One row per profile; each value has the date it was entered beside it (both or neither), so
-- the estimate can say "entered by you on DATE". No floats: money in fen, an index in
-- ten-thousandths (1.0 = 10000), a coefficient in basis points (1.2% = 120), years in months.

CREATE TABLE estimate_inputs (
    profile_id                  INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    benefit_base_fen            INTEGER CHECK (benefit_base_fen > 0),
    benefit_base_at             TEXT,
    average_index               INTEGER CHECK (average_index BETWEEN 1 AND 50000),
    average_index_at            TEXT,
    future_index                INTEGER CHECK (future_index BETWEEN 1 AND 50000),
    future_index_at             TEXT,
    retirement_month            TEXT CHECK (retirement_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    retirement_month_at         TEXT,
    deemed_months               INTEGER CHECK (deemed_months BETWEEN 1 AND 720),
    deemed_months_at            TEXT,
    transitional_coefficient_bp INTEGER CHECK (transitional_coefficient_bp BETWEEN 1 AND 1000),
    transitional_coefficient_at TEXT,
    CHECK ((benefit_base_fen IS NULL) = (benefit_base_at IS NULL)),
    CHECK ((average_index IS NULL) = (average_index_at IS NULL)),
    CHECK ((future_index IS NULL) = (future_index_at IS NULL)),
    CHECK ((retirement_month IS NULL) = (retirement_month_at IS NULL)),
    CHECK ((deemed_months IS NULL) = (deemed_months_at IS NULL)),
    CHECK ((transitional_coefficient_bp IS NULL) = (transitional_coefficient_at IS NULL))
);
