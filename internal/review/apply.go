package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/store"
)

// Applying decisions when several servers share one store.
const (
	// LeaseName is the store's lease the server writing the library's
	// files holds.
	LeaseName = "apply"
	// DefaultLeaseTTL is how long a lease lasts unrenewed: how long a
	// killed server's decisions wait before another server applies them.
	DefaultLeaseTTL = 15 * time.Second
	// MaxAttempts is how many times a decision is tried (a server killed
	// while applying it each time) before it is given up as failed.
	MaxAttempts = 3
	// leasePoll is how often a server waiting for the lease asks again.
	leasePoll = 50 * time.Millisecond
)

// ErrChanged is the failure of a decision whose files changed between
// its preview and its application (another decision, or an editor).
var ErrChanged = errors.New("the files changed since the preview; look at the new preview and decide again")

// ErrGone is the failure of a decision whose group or place left the
// queue before it was applied: another decision settled it first.
var ErrGone = errors.New("decided already by a decision applied before it")

// Target is what a decision settles, for the store's guard against two
// editors deciding the same thing at once: the group for a decision of
// every place or a rejection, the group's episode or place otherwise.
func Target(d Decision) string {
	if d.Group == nil {
		return ""
	}
	switch d.Scope {
	case InEpisode:
		if p := d.Group.Place(d.Place); p != nil {
			return d.Group.ID + "/episode:" + p.Episode
		}
	case Here:
		return d.Group.ID + "/place:" + d.Place
	}
	return d.Group.ID
}

// Result is what applying one decision did.
type Result struct {
	ID   int64
	Plan *Plan // nil when it could not be planned
	// Summary says what changed; Err why it failed (ErrChanged, wrapped,
	// when the files changed since the preview).
	Summary string
	Err     error
}

// Applier applies the store's unsettled decisions to the library, on
// whichever server holds the store's lease, one server at a time: the
// decisions in the order they were made, each planned again from the
// files as they are, checked against the preview's digest, and written
// through fix's all-or-nothing writer after an interrupted write (a
// killed server's) is recovered. In a git repository each applied
// decision is committed with its editor as author.
type Applier struct {
	Lib   *Library
	Store store.Store
	// Holder names this server in the lease (NewHolder gives one).
	Holder string
	// TTL is the lease's life unrenewed; zero: DefaultLeaseTTL.
	TTL time.Duration
	// Queue returns the queue decisions are planned against, nil while
	// it is being built.
	Queue func() *Queue
	// Settled, when set, is told of each decision applied (to take it out
	// of the queue).
	Settled func(Decision)
	// Git, when true, commits each applied decision in the library's git
	// repository (when it is in one).
	Git bool
	Log *slog.Logger

	mu   sync.Mutex     // one Work at a time in this process
	seen map[int64]bool // applied decisions catchUp has told of
	// applied and failed count the decisions this process applied and
	// failed to apply, for the metrics.
	applied, failed atomic.Int64
}

// Counts returns how many decisions this process applied (a rejection
// counts, once recorded) and how many it failed to apply.
func (a *Applier) Counts() (applied, failed int64) { return a.applied.Load(), a.failed.Load() }

// Wait returns once no Work is under way in this process, or when ctx is
// done: a server shutting down, its requests stopped, waits with it for
// the decision in hand to be written wholly. It reports whether no work
// was left under way.
func (a *Applier) Wait(ctx context.Context) bool {
	done := make(chan struct{})
	go func() {
		a.mu.Lock() // held by Work while it applies
		close(done)
		a.mu.Unlock()
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// NewHolder names a server for the lease: host, process and a random
// part, so that a restarted server is not taken for its predecessor.
func NewHolder() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

func (a *Applier) ttl() time.Duration {
	if a.TTL > 0 {
		return a.TTL
	}
	return DefaultLeaseTTL
}

func (a *Applier) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Work takes the lease, waiting up to wait for it, applies every
// unsettled decision and gives the lease up. It returns the results by
// decision id; held is false when the lease was another server's all
// along (or the queue is not built yet), and nothing was done.
func (a *Applier) Work(ctx context.Context, wait time.Duration) (results map[int64]Result, held bool, err error) {
	return a.work(ctx, ctx, wait)
}

// work is Work that stops taking the next decision when stop is done,
// but finishes the one in hand unless ctx is.
func (a *Applier) work(ctx, stop context.Context, wait time.Duration) (results map[int64]Result, held bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	q := a.Queue()
	if q == nil {
		return nil, false, nil
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := a.Store.AcquireLease(ctx, LeaseName, a.Holder, time.Now(), a.ttl())
		if err != nil {
			return nil, false, err
		}
		if ok {
			break
		}
		if !time.Now().Before(deadline) {
			return nil, false, nil
		}
		select {
		case <-ctx.Done():
			return nil, false, ctx.Err()
		case <-time.After(leasePoll):
		}
	}
	// The lease is renewed while the work lasts; lost (this server
	// stalled past its life), the work in hand is cancelled: fix's
	// writer leaves the files wholly before or after.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(a.ttl() / 3)
		defer t.Stop()
		for {
			select {
			case <-wctx.Done():
				return
			case <-t.C:
				if ok, err := a.Store.AcquireLease(wctx, LeaseName, a.Holder, time.Now(), a.ttl()); err != nil || !ok {
					if wctx.Err() == nil {
						a.log().Warn("lost the apply lease", "holder", a.Holder, "err", err)
					}
					cancel()
					return
				}
			}
		}
	}()
	defer func() {
		cancel()
		<-renewed
		a.Store.ReleaseLease(context.WithoutCancel(ctx), LeaseName, a.Holder)
	}()
	ds, err := a.Store.Unsettled(wctx)
	if err != nil {
		return nil, true, err
	}
	results = map[int64]Result{}
	for _, d := range ds {
		if wctx.Err() != nil {
			return results, true, wctx.Err()
		}
		if stop.Err() != nil {
			return results, true, nil
		}
		r := a.apply(wctx, q, d)
		results[d.ID] = r
		if r.Err != nil {
			a.failed.Add(1)
		} else {
			a.applied.Add(1)
		}
	}
	return results, true, nil
}

// apply applies one decision and records the outcome.
func (a *Applier) apply(ctx context.Context, q *Queue, sd store.Decision) Result {
	r := Result{ID: sd.ID}
	n, err := a.Store.Attempt(ctx, sd.ID)
	if err != nil {
		r.Err = err
		return r
	}
	fail := func(err error) Result {
		r.Err = err
		if ctx.Err() == nil { // cancelled: left to the next holder
			a.Store.Applied(ctx, sd.ID, time.Now(), "", err)
		}
		a.log().Info("decision failed", "id", sd.ID, "user", sd.User, "err", err)
		return r
	}
	if n > MaxAttempts {
		return fail(fmt.Errorf("given up after %d attempts to apply it", MaxAttempts))
	}
	d, err := a.decision(q, sd)
	if err != nil {
		return fail(err)
	}
	if sd.Scope == Reject {
		p := &Plan{Decision: d}
		r.Plan = p
		if err := a.Store.Reject(ctx, d.Group.RejectedKey(), sd.User, sd.At); err != nil {
			return fail(err)
		}
		if err := a.Lib.Apply(ctx, p); err != nil {
			return fail(err)
		}
		r.Summary = "rejected: never proposed again"
		return a.settle(ctx, r, sd, d, nil)
	}
	// An interrupted write is recovered before planning, so that the
	// plan is made from files wholly before or after it.
	if err := a.Lib.recover(); err != nil {
		return fail(err)
	}
	p, err := a.Lib.Plan(q, d)
	if err != nil {
		return fail(err)
	}
	r.Plan = p
	if sd.Digest != "" && p.Digest != sd.Digest {
		if n > 1 && len(p.Changes) == 0 {
			// An earlier attempt wrote it and its server stopped before
			// saying so.
			r.Summary = "written by an earlier attempt"
			return a.settle(ctx, r, sd, d, nil)
		}
		return fail(ErrChanged)
	}
	if err := a.Lib.Apply(ctx, p); err != nil {
		return fail(err)
	}
	r.Summary = p.Summary()
	return a.settle(ctx, r, sd, d, p)
}

// settle commits an applied decision in git (when asked) and records it.
func (a *Applier) settle(ctx context.Context, r Result, sd store.Decision, d Decision, p *Plan) Result {
	if a.Git {
		if err := a.Lib.commit(ctx, sd, p); err != nil {
			// The files are written: the decision is applied; the commit
			// is left to the editor, and said.
			r.Summary += "; not committed in git: " + err.Error()
		}
	}
	if err := a.Store.Applied(ctx, sd.ID, time.Now(), r.Summary, nil); err != nil {
		r.Err = err
		return r
	}
	a.log().Info("decision applied", "id", sd.ID, "user", sd.User, "scope", sd.Scope, "result", r.Summary)
	if a.Settled != nil {
		a.Settled(d)
	}
	return r
}

// decision makes the review decision of a stored one, from the queue.
func (a *Applier) decision(q *Queue, sd store.Decision) (Decision, error) {
	g := q.Group(sd.Group)
	if g == nil {
		return Decision{}, fmt.Errorf("%w: the group %s => %s is not in the queue any more (or the queue was rebuilt since)", ErrGone, sd.Wrong, sd.Right)
	}
	d := Decision{Group: g, Scope: sd.Scope, Right: sd.Right, Place: sd.PlaceID, User: sd.User, At: sd.At}
	if (d.Scope == InEpisode || d.Scope == Here) && g.Place(d.Place) == nil {
		return Decision{}, fmt.Errorf("%w: the place %s of %s => %s is not in the queue any more", ErrGone, sd.Place, sd.Wrong, sd.Right)
	}
	return d, nil
}

// Run applies what is left unsettled (by a killed server, or a decision
// whose server could not get the lease in time) every period, until ctx
// is done; it returns when the decision in hand then is written, so that
// a server told to stop finishes it.
func (a *Applier) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		a.catchUp(ctx)
		ds, err := a.Store.Unsettled(ctx)
		if err != nil || len(ds) == 0 {
			continue
		}
		if _, _, err := a.work(context.WithoutCancel(ctx), ctx, 0); err != nil && ctx.Err() == nil {
			a.log().Warn("applying decisions", "err", err)
		}
	}
}

// catchUpWindow is how many of the latest decisions a server looks at
// for those other servers applied.
const catchUpWindow = 200

// catchUp tells Settled of the decisions other servers applied since it
// last looked, so that this server's queue drops them too.
func (a *Applier) catchUp(ctx context.Context) {
	if a.Settled == nil || a.Queue == nil {
		return
	}
	q := a.Queue()
	if q == nil {
		return
	}
	ds, err := a.Store.Decisions(ctx, catchUpWindow)
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen == nil {
		a.seen = map[int64]bool{}
	}
	keep := map[int64]bool{}
	for _, sd := range ds {
		if sd.Applied.IsZero() {
			continue
		}
		keep[sd.ID] = true
		if a.seen[sd.ID] {
			continue
		}
		if d, err := a.decision(q, sd); err == nil {
			a.Settled(d)
		}
	}
	a.seen = keep // bounded by the window
}

// Record makes the store's record of a decision: what it is, who made
// it, and what any server needs to plan it again.
func Record(d Decision, digest string, rules []string, place func(*Place) string) store.Decision {
	rec := store.Decision{User: d.User, At: d.At, Kind: d.Group.Kind, Scope: d.Scope, Wrong: d.Group.Wrong, Right: d.Right,
		Rules: strings.Join(rules, "\n"), Group: d.Group.ID, PlaceID: d.Place, Digest: digest, Target: Target(d)}
	if rec.Right == "" {
		rec.Right = d.Group.Right
	}
	if pl := d.Group.Place(d.Place); pl != nil {
		rec.Episode = pl.Episode
		if place != nil {
			rec.Place = place(pl)
		}
	}
	return rec
}

// recover finishes or undoes an interrupted write of the library's files
// (a killed server's), from fix's journal.
func (l *Library) recover() error {
	if err := config.MakeDir(l.StateDir); err != nil {
		return err
	}
	_, err := journal.Recover(l.StateDir)
	return err
}
