package workflow

// SetAttempts bounds how often a command runs again on a fresh read: 0 stands for an instance that stays
// busy (every command gives up at once with 该流程正被他人同时处理).
func SetAttempts(s *Service, n int) { s.attempts = n }
