// Package auth signs people in and out and decides what they may do: argon2id password hashes, sessions kept
// in the database, lockout after repeated failures, and the permission model (deny by default).
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32
	Threads   uint8
	KeyLen    uint32
}

// DefaultParams follow RFC 9106's second recommended option scaled to an office server: 64 MiB, 3 passes,
// 2 lanes, a 32-byte hash — about 0.1 s per sign-in on one core, and costly to attack on GPUs.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 2, KeyLen: 32}

// TestParams are cheap parameters for tests only.
var TestParams = Params{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32}

// HashPassword returns the PHC-format argon2id hash of pw with a random 16-byte salt.
func HashPassword(pw string, p Params) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key))
}

// CheckPassword reports whether pw matches the encoded hash (in constant time). A malformed hash never matches.
func CheckPassword(encoded, pw string) bool {
	p, salt, key, ok := parseHash(encoded)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

func parseHash(encoded string) (p Params, salt, key []byte, ok bool) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, false
	}
	if p.Time == 0 || p.Threads == 0 || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > 4<<20 {
		return p, nil, nil, false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	key, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) < 16 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// CheckStrength returns a Chinese message when pw is too weak to be a password, "" when it will do.
func CheckStrength(pw string) string {
	var letter, digit bool
	for _, r := range pw {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch {
	case len([]rune(pw)) < 8:
		return "密码至少需要 8 位"
	case len(pw) > 128:
		return "密码不能超过 128 个字符"
	case !letter || !digit:
		return "密码需同时包含字母和数字"
	}
	return ""
}
