package store

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a new random identifier of 32 hex digits. Pure code (the engine) takes an id source instead.
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
