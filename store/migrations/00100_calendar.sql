-- The working-day calendar: years an administrator loaded (each overrides the shipped national arrangement of
-- its year) and the office's hours. calendar_state.version goes up with every change, so that every server
-- sharing the database notices a change with one cheap query and rebuilds its cached calendar.

-- +goose Up
CREATE TABLE calendar_years (
    year      INTEGER PRIMARY KEY,
    text      TEXT NOT NULL,   -- canonical file text (calendar.Arrangement.Format)
    file_name TEXT NOT NULL,   -- the uploaded file's name; '' when pasted
    loaded_by TEXT NOT NULL,   -- person id, or 'cli' for the command line
    loaded_at BIGINT NOT NULL
);

CREATE TABLE calendar_state (
    id       INTEGER PRIMARY KEY,
    version  BIGINT NOT NULL,
    hours    TEXT NOT NULL,    -- '' means the default office hours
    hours_by TEXT NOT NULL,
    hours_at BIGINT NOT NULL
);
INSERT INTO calendar_state (id, version, hours, hours_by, hours_at) VALUES (1, 0, '', '', 0);

-- +goose Down
DROP TABLE calendar_state;
DROP TABLE calendar_years;
