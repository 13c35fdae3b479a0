package web

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/review"
	"github.com/emend-project/emend/internal/store"
)

// Limits of the review pages.
const (
	GroupsPerPage  = 25 // groups on one page of the queue
	PlacesPerGroup = 8  // places shown per group in the queue; the group's page shows all
	HistoryLen     = 200
	applyTimeout   = 2 * time.Minute
	// applyWait is how long a decision's request waits for the lease
	// another server holds before leaving the decision queued for it.
	applyWait = 10 * time.Second
	// WorkEvery is how often a server looks for decisions left waiting.
	WorkEvery = 2 * time.Second
)

// Review serves the review queue, sign-in and the decisions.
type Review struct {
	Lib      *review.Library
	Store    store.Store
	Sessions *auth.Sessions
	// Public is true when reading and searching need no sign-in.
	Public bool

	pages *Pages
	mu    sync.Mutex // guards queue, building, buildErr, started
	queue *review.Queue
	// building is true while the queue is built; started is when.
	building bool
	buildErr error
	started  time.Time
	// Applier applies decisions (made on first use when nil: this
	// server's name, the lease of LeaseTTL, commits in git); LeaseTTL
	// zero is review.DefaultLeaseTTL. Log, when set, is told what the
	// applier did.
	Applier     *review.Applier
	LeaseTTL    time.Duration
	Log         *slog.Logger
	applierOnce sync.Once
}

// AppliedCount returns how many decisions this process applied (a
// rejection counts, once recorded) and how many it failed to apply.
func (rv *Review) AppliedCount() (applied, failed int64) { return rv.applier().Counts() }

// Wait returns once no decision is being applied by this process, or when
// ctx is done: a server shutting down, its requests stopped, waits with it
// for the decision in hand to be written wholly. It reports whether no
// decision was left being applied.
func (rv *Review) Wait(ctx context.Context) bool { return rv.applier().Wait(ctx) }

// Build builds the queue in the background, or takes the one kept from
// the last build when nothing it was made from changed (force: never):
// pages say it is being built until it is ready. It returns at once.
func (rv *Review) Build(force bool) {
	rv.mu.Lock()
	if rv.building {
		rv.mu.Unlock()
		return
	}
	rv.building, rv.started = true, time.Now()
	rv.mu.Unlock()
	go func() {
		q, err := rv.build(force)
		rv.mu.Lock()
		defer rv.mu.Unlock()
		rv.building, rv.buildErr = false, err
		if err == nil {
			rv.queue = q
		} else {
			log.Printf("emend: the review queue: %v", err)
		}
	}()
}

// BuildNow builds the queue and waits for it (tests, measurements).
func (rv *Review) BuildNow() error {
	q, err := rv.build(true)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	rv.buildErr = err
	if err == nil {
		rv.queue = q
	}
	return err
}

func (rv *Review) build(force bool) (*review.Queue, error) {
	rej, err := rv.Store.Rejected(context.Background())
	if err != nil {
		return nil, err
	}
	rej, err = rv.Lib.Rejected(rej)
	if err != nil {
		return nil, err
	}
	if force {
		return rv.Lib.Build(rej)
	}
	q, _, err := rv.Lib.Cached(rej)
	return q, err
}

func (rv *Review) current() (*review.Queue, bool, time.Time, error) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return rv.queue, rv.building, rv.started, rv.buildErr
}

func (rv *Review) register(mux *http.ServeMux, p *Pages) {
	rv.pages = p
	mux.HandleFunc("GET /login", rv.loginPage)
	mux.HandleFunc("POST /login", rv.login)
	mux.HandleFunc("POST /logout", rv.requireUser(rv.logout))
	mux.HandleFunc("GET /review", rv.requireUser(rv.queuePage))
	mux.HandleFunc("GET /review/groups/{id}", rv.requireUser(rv.groupPage))
	mux.HandleFunc("POST /review/decide", rv.requireUser(rv.decide))
	mux.HandleFunc("POST /review/apply", rv.requireUser(rv.applyDecision))
	mux.HandleFunc("POST /review/rebuild", rv.requireUser(rv.rebuild))
	mux.HandleFunc("GET /review/history", rv.requireUser(rv.historyPage))
}

// PlaceView is a place of a group on a page.
type PlaceView struct {
	ID, Episode, Title, File, Time, Link string
	Line                                 int
	Before, After                        []Span // the context, the heard words marked
	Heard                                string
	Confidence                           string
}

// ReviewGroup is a group of the review queue on a page.
type ReviewGroup struct {
	ID, Kind, Wrong, Right string
	Places                 []PlaceView
	More                   int // places not shown
	Count, Episodes        int
	Rank                   int
	CSRF                   string // of the session, for the group's form
}

// QueueView is the data of the queue page.
type QueueView struct {
	User, CSRF     string
	Building       bool
	BuildingFor    string
	Error          string
	Groups         []ReviewGroup
	Total, Places  int
	Page, Pages    int
	Prev, Next     string
	Built, Took    string
	RenderMS       string
	Single         bool // one group's page
	Pending        int
	LastDecisionOK string
}

func (rv *Review) placeView(p *review.Place) PlaceView {
	v := PlaceView{ID: p.ID, Episode: p.EpisodeID, Title: p.Title, File: shortPath(p.File), Line: p.Line, Time: clock(p.Start), Heard: p.Before,
		Confidence: strconv.FormatFloat(p.Confidence, 'f', 2, 64)}
	if v.Episode == "" {
		v.Episode = p.Episode
	}
	before, rest, ok := strings.Cut(p.Context, "[")
	heard, after, ok2 := strings.Cut(rest, "]")
	if ok && ok2 {
		v.Before = []Span{{Text: before}, {Text: heard, Hit: true}, {Text: after}}
	} else {
		v.Before = []Span{{Text: p.Context}}
	}
	if p.EpisodeID != "" {
		v.Link = "/episodes/" + url.PathEscape(p.EpisodeID)
		if p.Start >= 0 {
			v.Link += "#t=" + strconv.FormatInt(int64(p.Start), 10)
		}
	}
	return v
}

func (rv *Review) groupView(g *review.Group, rank, limit int, csrf string) ReviewGroup {
	v := ReviewGroup{CSRF: csrf, ID: g.ID, Kind: g.Kind, Wrong: g.Wrong, Right: g.Right, Count: len(g.Places), Episodes: g.Episodes, Rank: rank}
	for i := range g.Places {
		if limit > 0 && i == limit {
			v.More = len(g.Places) - limit
			break
		}
		v.Places = append(v.Places, rv.placeView(&g.Places[i]))
	}
	return v
}

func (rv *Review) queuePage(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	se := r.Context().Value(sessionKey).(store.Session)
	v := QueueView{User: se.User, CSRF: se.CSRF, Page: 1}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 && n <= MaxPage {
		v.Page = n
	}
	q, building, started, err := rv.current()
	v.Building = building
	if building {
		v.BuildingFor = time.Since(started).Round(time.Second).String()
	}
	if err != nil {
		v.Error = err.Error()
	}
	if q != nil {
		v.Total, v.Places = len(q.Groups), q.Places()
		v.Built, v.Took = q.Built.Format("2006-01-02 15:04:05"), tookText(q.Took)
		v.Pages = max(1, (len(q.Groups)+GroupsPerPage-1)/GroupsPerPage)
		v.Page = min(v.Page, v.Pages)
		from := (v.Page - 1) * GroupsPerPage
		for i, g := range q.Groups[from:min(from+GroupsPerPage, len(q.Groups))] {
			v.Groups = append(v.Groups, rv.groupView(g, from+i+1, PlacesPerGroup, se.CSRF))
		}
		if v.Page > 1 {
			v.Prev = "/review?page=" + strconv.Itoa(v.Page-1)
		}
		if v.Page < v.Pages {
			v.Next = "/review?page=" + strconv.Itoa(v.Page+1)
		}
	}
	if pend, err := rv.Store.Pending(r.Context()); err == nil {
		v.Pending = len(pend)
	}
	v.RenderMS = strconv.FormatFloat(float64(time.Since(t0).Microseconds())/1000, 'f', 1, 64)
	rv.pages.render(w, http.StatusOK, "review.html", v)
}

func (rv *Review) groupPage(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	q, _, _, _ := rv.current()
	var g *review.Group
	if q != nil {
		g = q.Group(r.PathValue("id"))
	}
	if g == nil {
		rv.pages.render(w, http.StatusNotFound, "message.html", message{Title: "No such group", Text: "The group was decided, or the queue was rebuilt.", Link: "/review"})
		return
	}
	rv.pages.render(w, http.StatusOK, "review.html", QueueView{User: se.User, CSRF: se.CSRF, Single: true, Total: 1, Places: len(g.Places),
		Groups: []ReviewGroup{rv.groupView(g, 0, 0, se.CSRF)}})
}

// tookText says how long a build took: to a tenth of a second, or to
// the millisecond under one (a small library builds in milliseconds,
// which would round to "0s").
func tookText(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

// PreviewView is the data of the preview and the result pages.
type PreviewView struct {
	User, CSRF     string
	Group          ReviewGroup
	Scope, Where   string
	Act, Right     string
	Digest         string
	Rules          []string
	Spelling       string
	Diff           []DiffLine
	Files          []string
	Summary        string
	Skipped        []string
	Done           bool
	Error          string
	DecisionID     int64
	Changed        bool // the files changed since the preview
	Queued         bool // recorded, to be applied by the server holding the lease
	NothingToWrite bool
}

// DiffLine is a line of a diff, with its kind for the style.
type DiffLine struct{ Kind, Text string }

func diffLines(d string) []DiffLine {
	var out []DiffLine
	for _, l := range strings.Split(strings.TrimRight(d, "\n"), "\n") {
		k := "ctx"
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"), strings.HasPrefix(l, "diff "):
			k = "file"
		case strings.HasPrefix(l, "@@"):
			k = "hunk"
		case strings.HasPrefix(l, "+"):
			k = "add"
		case strings.HasPrefix(l, "-"):
			k = "del"
		}
		if l != "" {
			out = append(out, DiffLine{k, l})
		}
	}
	return out
}

// decision reads a decision's form: the group, the act ("everywhere",
// "reject", "episode:PLACE", "here:PLACE") and the right spelling.
func (rv *Review) decision(r *http.Request, user string) (review.Decision, *review.Queue, string, error) {
	q, _, _, _ := rv.current()
	if q == nil {
		return review.Decision{}, nil, "", fmt.Errorf("the queue is not built yet")
	}
	g := q.Group(r.PostForm.Get("group"))
	if g == nil {
		return review.Decision{}, nil, "", fmt.Errorf("the group was decided already, or the queue was rebuilt: reload the queue")
	}
	act := r.PostForm.Get("act")
	scope, place, _ := strings.Cut(act, ":")
	d := review.Decision{Group: g, Scope: scope, Place: place, Right: strings.TrimSpace(r.PostForm.Get("right")), User: user, At: time.Now()}
	if d.Right == "" {
		d.Right = g.Right
	}
	switch scope {
	case review.Everywhere, review.Reject:
	case review.InEpisode, review.Here:
		if g.Place(place) == nil {
			return d, q, act, fmt.Errorf("no such place in the group: reload the queue")
		}
	default:
		return d, q, act, fmt.Errorf("unknown decision %q", act)
	}
	return d, q, act, nil
}

func where(d review.Decision) string {
	switch d.Scope {
	case review.Everywhere:
		return "everywhere: every place of the library the words stand"
	case review.InEpisode:
		return "in the episode " + d.Group.Place(d.Place).Episode + ", every copy"
	case review.Here:
		p := d.Group.Place(d.Place)
		return fmt.Sprintf("here only: %s line %d, and the same place in every copy", shortPath(p.File), p.Line)
	}
	return "rejected"
}

func (rv *Review) previewView(se store.Session, d review.Decision, act string, p *review.Plan) PreviewView {
	v := PreviewView{User: se.User, CSRF: se.CSRF, Group: rv.groupView(d.Group, 0, PlacesPerGroup, se.CSRF), Scope: d.Scope, Where: where(d), Act: act, Right: d.Right}
	if p != nil {
		v.Digest, v.Summary, v.Diff = p.Digest, p.Summary(), diffLines(p.Diff)
		for _, r := range p.Rules {
			v.Rules = append(v.Rules, r.String())
		}
		if p.Spelling != nil {
			v.Spelling = p.Spelling.String()
		}
		for _, c := range p.Changes {
			v.Files = append(v.Files, shortPath(c.Path))
		}
		for _, s := range p.Skipped {
			v.Skipped = append(v.Skipped, shortPath(s.Path)+": "+s.Why.Error())
		}
		v.NothingToWrite = len(p.Changes) == 0
	}
	return v
}

// decide shows the preview of an accepting decision, or makes a
// rejection (which writes no transcript).
func (rv *Review) decide(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	if !rv.checkForm(w, r, se.CSRF) {
		return
	}
	d, q, act, err := rv.decision(r, se.User)
	if err != nil {
		rv.pages.render(w, http.StatusConflict, "message.html", message{Title: "Cannot decide", Text: err.Error(), Link: "/review"})
		return
	}
	if d.Scope == review.Reject {
		rv.commit(w, r, se, d, q, act, "")
		return
	}
	p, err := rv.Lib.Plan(q, d)
	if err != nil {
		v := rv.previewView(se, d, act, nil)
		v.Error = err.Error()
		rv.pages.render(w, http.StatusBadRequest, "preview.html", v)
		return
	}
	rv.pages.render(w, http.StatusOK, "preview.html", rv.previewView(se, d, act, p))
}

// applyDecision writes a previewed decision, if the files still give the
// plan previewed.
func (rv *Review) applyDecision(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	if !rv.checkForm(w, r, se.CSRF) {
		return
	}
	d, q, act, err := rv.decision(r, se.User)
	if err != nil || d.Scope == review.Reject {
		if err == nil {
			err = fmt.Errorf("a rejection has no preview")
		}
		rv.pages.render(w, http.StatusConflict, "message.html", message{Title: "Cannot apply", Text: err.Error(), Link: "/review"})
		return
	}
	digest := r.PostForm.Get("digest")
	if digest == "" {
		digest = "none" // no preview: never the plan's, so the preview is shown
	}
	rv.commit(w, r, se, d, q, act, digest)
}

// commit records a decision and applies it, with the unsettled
// decisions of every server, holding the store's lease (see
// review.Applier), and says what changed. digest is the preview's ("" for
// a rejection): a plan that differs from it now is not written. When the
// group was decided by another editor first (on any server), the editor
// is told so; when another server holds the lease past applyWait, the
// decision waits in the queue for it.
func (rv *Review) commit(w http.ResponseWriter, r *http.Request, se store.Session, d review.Decision, q *review.Queue, act, digest string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), applyTimeout)
	defer cancel()
	lines, err := rv.Lib.RuleLines(q, d)
	if err != nil {
		v := rv.previewView(se, d, act, nil)
		v.Error = err.Error()
		rv.pages.render(w, http.StatusBadRequest, "preview.html", v)
		return
	}
	rec := review.Record(d, digest, lines, func(pl *review.Place) string { return fmt.Sprintf("%s:%d", shortPath(pl.File), pl.Line) })
	id, err := rv.Store.AddDecision(ctx, rec)
	if errors.Is(err, store.ErrConflict) {
		rv.drop(d)
		rv.pages.render(w, http.StatusConflict, "message.html", message{Title: "Decided already",
			Text: "Another editor decided this first: " + strings.TrimPrefix(err.Error(), store.ErrConflict.Error()+": ") + ".", Link: "/review"})
		return
	}
	if err != nil {
		http.Error(w, "recording the decision: "+err.Error(), http.StatusInternalServerError)
		return
	}
	results, _, err := rv.applier().Work(ctx, applyWait)
	res, done := results[id]
	if !done {
		// Another server's work may have settled it meanwhile.
		res, done = rv.settledElsewhere(ctx, q, d, id)
	}
	v := rv.previewView(se, d, act, res.Plan)
	v.DecisionID = id
	switch {
	case !done && err != nil:
		http.Error(w, "applying the decisions: "+err.Error(), http.StatusInternalServerError)
	case !done:
		v.Done, v.Queued = true, true
		rv.pages.render(w, http.StatusAccepted, "preview.html", v)
	case errors.Is(res.Err, review.ErrChanged):
		v.Changed = true
		rv.pages.render(w, http.StatusConflict, "preview.html", v)
	case errors.Is(res.Err, review.ErrGone):
		rv.drop(d)
		rv.pages.render(w, http.StatusConflict, "message.html", message{Title: "Decided already", Text: "Not applied: " + res.Err.Error() + ".", Link: "/review"})
	case res.Err != nil:
		v.Done, v.Error = true, res.Err.Error()
		rv.pages.render(w, http.StatusInternalServerError, "preview.html", v)
	default:
		v.Done, v.Summary = true, res.Summary
		rv.pages.render(w, http.StatusOK, "preview.html", v)
	}
}

// settledElsewhere is the outcome of a decision another server applied
// (or failed to), from the store; false while it waits.
func (rv *Review) settledElsewhere(ctx context.Context, q *review.Queue, d review.Decision, id int64) (review.Result, bool) {
	sd, err := rv.Store.Decision(ctx, id)
	switch {
	case err != nil:
		return review.Result{}, false
	case !sd.Applied.IsZero():
		return review.Result{ID: id, Summary: sd.Result}, true
	case sd.Error == review.ErrChanged.Error():
		// The new preview, made here.
		p, _ := rv.Lib.Plan(q, d)
		return review.Result{ID: id, Plan: p, Err: review.ErrChanged}, true
	case strings.HasPrefix(sd.Error, review.ErrGone.Error()):
		return review.Result{ID: id, Err: fmt.Errorf("%w%s", review.ErrGone, strings.TrimPrefix(sd.Error, review.ErrGone.Error()))}, true
	case sd.Error != "":
		return review.Result{ID: id, Err: errors.New(sd.Error)}, true
	}
	return review.Result{}, false
}

// applier is the review's Applier, made on first use when none was set.
func (rv *Review) applier() *review.Applier {
	rv.applierOnce.Do(func() {
		if rv.Applier == nil {
			rv.Applier = &review.Applier{Lib: rv.Lib, Store: rv.Store, Holder: review.NewHolder(), TTL: rv.LeaseTTL, Git: true, Log: rv.Log}
		}
		a := rv.Applier
		if a.Queue == nil {
			a.Queue = func() *review.Queue { q, _, _, _ := rv.current(); return q }
		}
		if a.Settled == nil {
			a.Settled = rv.drop
		}
	})
	return rv.Applier
}

// Run applies, every WorkEvery until ctx is done, the decisions left
// waiting: those of a killed server once its lease lapses, and those whose
// server could not take the lease in time. emend serve runs it.
func (rv *Review) Run(ctx context.Context) { rv.applier().Run(ctx, WorkEvery) }

// drop takes what a decision settled out of the queue.
func (rv *Review) drop(d review.Decision) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if rv.queue == nil {
		return
	}
	var keep func(*review.Place) bool
	switch d.Scope {
	case review.InEpisode:
		ep := d.Group.Place(d.Place).Episode
		keep = func(p *review.Place) bool { return p.Episode == ep }
	case review.Here:
		id := d.Place
		keep = func(p *review.Place) bool { return p.ID == id }
	}
	rv.queue = rv.queue.Without(d.Group.ID, keep)
}

func (rv *Review) rebuild(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	if !rv.checkForm(w, r, se.CSRF) {
		return
	}
	rv.Build(true)
	http.Redirect(w, r, "/review", http.StatusSeeOther)
}

// HistoryView is the data of the decisions page.
type HistoryView struct {
	User, CSRF string
	Decisions  []store.Decision
}

func (rv *Review) historyPage(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	ds, err := rv.Store.Decisions(r.Context(), HistoryLen)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rv.pages.render(w, http.StatusOK, "history.html", HistoryView{User: se.User, CSRF: se.CSRF, Decisions: ds})
}
