-- 一文一单: the instances a process with unique fields keys by those fields' values. A second instance with
-- the same key is refused while the first is not terminated (terminating frees the key).

-- +goose Up
CREATE TABLE wf_unique (
    process  TEXT NOT NULL,
    key      TEXT NOT NULL,
    instance TEXT NOT NULL,
    PRIMARY KEY (process, key)
);
CREATE INDEX wf_unique_instance ON wf_unique (instance);

-- +goose Down
DROP TABLE wf_unique;
