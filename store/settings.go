package store

import (
	"context"
	"errors"
)

// Setting reads one key of the settings table; ok is false when it is absent.
func Setting(ctx context.Context, tx Tx, key string) (value string, ok bool, err error) {
	err = tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&value)
	if errors.Is(err, ErrNoRows) {
		return "", false, nil
	}
	return value, err == nil, err
}

// SetSetting writes one key of the settings table.
func SetSetting(ctx context.Context, tx Tx, key, value string) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
