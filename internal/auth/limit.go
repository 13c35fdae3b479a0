package auth

import (
	"sync"
	"time"
)

// The limit on failed sign-ins: MaxFailures within FailureWindow, per
// client and per user name.
const (
	MaxFailures   = 5
	FailureWindow = time.Minute
	// maxKeys bounds the memory of the limiter: past it, the entries of
	// the quietest keys are dropped.
	maxKeys = 10000
)

// Limiter counts failures per key in a sliding window.
type Limiter struct {
	max    int
	window time.Duration
	mu     sync.Mutex
	fails  map[string][]time.Time
}

// NewLimiter allows fewer than max failures per key within window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// recent drops the failures of a key older than the window.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	fs := l.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= l.window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = fs
	}
	return fs
}

// Allow reports whether a key may try again now.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) < l.max
}

// Fail counts a failure of a key.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) >= maxKeys {
		for k := range l.fails {
			if len(l.recent(k, now)) == 0 || len(l.fails) >= maxKeys {
				delete(l.fails, k)
			}
			if len(l.fails) < maxKeys/2 {
				break
			}
		}
	}
	l.fails[key] = append(l.recent(key, now), now)
}

// Reset forgets a key's failures (after a success).
func (l *Limiter) Reset(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
