package server

import (
	"context"
	"math"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits of the gate.
const (
	// MaxPerClient is the most queries one client (one remote IP) may
	// have running or waiting at once; more are refused with 429.
	MaxPerClient = 4
	// RetryAfter is what a refused client is told to wait, in seconds.
	RetryAfter = 1
	// usageHalfLife is how fast a client's past query time is forgotten.
	usageHalfLife = 2 * time.Second
	// CheapQuery is the mean query time under which a client counts as
	// sending cheap queries: only such clients take the reserved turn.
	CheapQuery = 10 * time.Millisecond
	// meanWeight is the weight of a query's time in its client's mean.
	meanWeight = 0.3
	// maxIdleClients is how many clients without a query in flight the
	// gate remembers before it forgets those that used little time.
	maxIdleClients = 1024
)

// errBusy is a client over its share of queries. It says how long to
// wait (RetryAfter), which the pages of package web read to answer 429
// with a page that says to retry.
var errBusy error = busyError{}

type busyError struct{}

func (busyError) Error() string { return "too many queries at once from this client" }

// RetryAfter is the seconds a client over its share should wait.
func (busyError) RetryAfter() int { return RetryAfter }

// gate admits queries: at most `free` run at once; each client may have
// MaxPerClient queries running or waiting, and more are refused. When
// queries wait, a freed turn goes to the waiting client that has used the
// least query time lately (decayed with usageHalfLife), the earliest of
// equals. The last `reserve` free turns go only to clients whose queries
// have been cheap (a mean under CheapQuery): however many clients send
// the costliest queries, a cheap query never waits for one of them to
// finish.
type gate struct {
	mu        sync.Mutex
	free      int
	reserve   int
	perClient int
	clients   map[string]*client
	queue     []*waiter
	seq       uint64
	now       func() time.Time
}

type client struct {
	active int       // queries running or waiting
	usage  float64   // seconds of query time, decayed
	mean   float64   // mean seconds of its queries, weighted to the latest
	at     time.Time // when usage was last decayed
}

type waiter struct {
	c       *client
	seq     uint64
	ready   chan struct{}
	granted bool
}

// newGate returns a gate of slots turns, reserve of them (fewer than
// slots) for clients of cheap queries.
func newGate(slots, reserve, perClient int) *gate {
	slots = max(1, slots)
	return &gate{free: slots, reserve: min(max(0, reserve), slots-1), perClient: max(1, perClient), clients: map[string]*client{}, now: time.Now}
}

// cheap tells whether a client's queries have been cheap.
func (c *client) cheap() bool { return c.mean < CheapQuery.Seconds() }

// may tells whether a client may take a free turn now.
func (g *gate) may(c *client) bool { return g.free > g.reserve || g.free > 0 && c.cheap() }

// decayed returns a client's usage at now.
func (c *client) decayed(now time.Time) float64 {
	if d := now.Sub(c.at); d > 0 {
		c.usage *= math.Exp2(-d.Seconds() / usageHalfLife.Seconds())
		c.at = now
	}
	return c.usage
}

// acquire waits for a turn for a client's query; release must be called
// with the client once the query is done.
func (g *gate) acquire(ctx context.Context, who string) (*client, error) {
	g.mu.Lock()
	c := g.clients[who]
	if c == nil {
		c = &client{at: g.now()}
		g.clients[who] = c
	}
	if c.active >= g.perClient {
		g.mu.Unlock()
		return nil, errBusy
	}
	c.active++
	// Those waiting could not take a turn when they were last offered
	// one (grant runs whenever a turn frees): a client that may take one
	// now goes first.
	if g.may(c) {
		g.free--
		g.mu.Unlock()
		return c, nil
	}
	g.seq++
	w := &waiter{c: c, seq: g.seq, ready: make(chan struct{})}
	g.queue = append(g.queue, w)
	g.mu.Unlock()
	select {
	case <-w.ready:
		return c, nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if w.granted {
		// The turn came as the time ran out: pass it on.
		g.free++
		g.grant()
	} else {
		for i, x := range g.queue {
			if x == w {
				g.queue = append(g.queue[:i], g.queue[i+1:]...)
				break
			}
		}
	}
	g.done(who, c)
	return nil, ctx.Err()
}

// release ends a client's query that took took, and gives its turn on.
func (g *gate) release(who string, c *client, took time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	c.decayed(g.now())
	c.usage += took.Seconds()
	c.mean += meanWeight * (took.Seconds() - c.mean)
	g.done(who, c)
	g.free++
	g.grant()
}

// done counts a client's query off, forgetting idle clients of little
// use once there are many.
func (g *gate) done(who string, c *client) {
	c.active--
	if len(g.clients) <= maxIdleClients {
		return
	}
	now := g.now()
	for k, x := range g.clients {
		if x.active == 0 && x.decayed(now) < 0.001 {
			delete(g.clients, k)
		}
	}
}

// grant gives free turns to the waiting clients that used least (of
// those that may take them).
func (g *gate) grant() {
	now := g.now()
	for g.free > 0 && len(g.queue) > 0 {
		best := -1
		for i, w := range g.queue {
			if g.may(w.c) && (best < 0 || w.c.decayed(now) < g.queue[best].c.decayed(now)) {
				best = i
			}
		}
		if best < 0 {
			return // only costly clients wait, and the free turns are reserved
		}
		w := g.queue[best]
		g.queue = append(g.queue[:best], g.queue[best+1:]...)
		w.granted = true
		g.free--
		close(w.ready)
	}
}

// clientOf names a request's client by its remote IP (without the port,
// so that a client's connections count together). Forwarding headers are
// trusted only from the proxies of TrustProxies (see fromProxy).
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
