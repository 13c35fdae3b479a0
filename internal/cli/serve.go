package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/review"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/web"
)

type serveOpts struct {
	storeOpts
	addr       string
	allowHosts stringList
	trustProxy stringList
	private    bool
	noReview   bool
	rules      string
	logFormat  string
	shutdown   time.Duration
	sp         spellingsOpts
	lease      time.Duration
}

// shutdownTimeout is how long serve waits for the requests in flight
// when it is told to stop.
const shutdownTimeout = 10 * time.Second

// applyWait is how long serve, stopping, waits for a decision being
// applied after the requests' time is up: as long as one may take.
const applyWait = 2 * time.Minute

// answerWait is how long serve, stopping, waits for the answer of a
// decision applied after the requests' time was up.
const answerWait = 2 * time.Second

func (o *serveOpts) flags() *flag.FlagSet {
	fs := newFlags("serve")
	o.storeOpts.add(fs)
	fs.StringVar(&o.addr, "addr", config.DefaultAddr, "listen on `HOST:PORT` (or "+config.EnvAddr+", or addr in emend.toml)")
	fs.StringVar(&o.logFormat, "log-format", config.LogAuto, "the request log's `FORMAT`: json, text, or auto (JSON unless standard error is a terminal; or "+config.EnvLogFormat+", or log_format in emend.toml)")
	fs.BoolVar(&o.private, "private", false, "make reading and searching need sign-in too (by default only /review does; or "+config.EnvPrivate+"=true, or private = true in emend.toml)")
	fs.BoolVar(&o.noReview, "no-review", false, "serve no review queue and no sign-in")
	fs.StringVar(&o.rules, "rules", "", "the rules `FILE` accepted corrections are added to (default: found as fix finds it, else emend.rules in the library)")
	fs.DurationVar(&o.shutdown, "shutdown-timeout", shutdownTimeout, "on SIGTERM, wait up to `DURATION` for the requests in flight (a decision being applied is waited for longer, up to "+applyWait.String()+")")
	o.sp.common(fs)
	fs.Var(&o.trustProxy, "trust-proxy", "believe X-Forwarded-For from the proxy at `ADDRESS` or network (10.0.0.0/8), so that per-client limits count browsers (may be repeated; or "+config.EnvTrustProxy+", or trust_proxy in emend.toml)")
	fs.DurationVar(&o.lease, "lease", review.DefaultLeaseTTL, "with several servers on one database: how long a killed server's decisions wait before another applies them (the writing server's `LEASE`)")
	fs.Var(&o.allowHosts, "allow-host", "answer requests for the host `NAME` too, besides localhost, 127.0.0.1 and [::1] (may be repeated; * for any; or "+config.EnvAllowHosts+"=NAME,NAME, or allow_hosts in emend.toml)")
	return fs
}

var serveCmd = &command{
	name: "serve", args: "[--addr HOST:PORT] [--allow-host NAME]... [--private] [PATH...]",
	summary: "serve the search and review pages and the JSON API",
	help: `
Serves the library's index over HTTP until interrupted (SIGINT or SIGTERM:
/readyz turns 503, the requests in flight are finished first, for up to 10
seconds or --shutdown-timeout, and a decision being applied to the transcripts is written wholly;
a second signal stops at once):
  GET /api/search?q=QUERY[&limit=20&offset=0&per_episode=3&sounds_like=true]
  GET /api/episodes/ID
  GET /api/trend?q=QUERY[&by=year|month]
Errors are JSON objects {"error": "..."}: 400 for a bad query or
parameter or a query too costly to run (too long a phrase, too many
alternatives, prefixes or sounds-like words, or too many common words),
413 for a query over 1000 bytes, 404 for an unknown episode, 421 for a
Host name not allowed, 429 with Retry-After when one client has 4 queries
running or waiting, 503 when a query takes over 2 seconds.

Only requests for the loopback names are answered (against DNS
rebinding); --allow-host, or allow_hosts = ["NAME", ...] in emend.toml,
adds names. Paths in answers are relative to the library. One log line per
request goes to standard error, as JSON when it is not a terminal
(--log-format json|text forces one). The index is reloaded, without a gap in answers, when emend index replaces it
(looked at every 2 seconds). See docs/server.md.

The pages: search (/), episodes (/episodes/ID), trends (/trend), and the
review queue (/review) of the library's proposals and spelling variants,
which needs an account ('emend user add NAME'; see docs/review.md). The
library reviewed is the PATHs, else the shows of emend.toml; its queue is
built in the background at start. Accepted corrections are added to the
rules file (a spelling accepted everywhere to the spellings file) and
applied to every copy of the episodes, as emend fix does, and, in a git
repository, committed with the editor as author.
Reading and searching are public unless --private.

The review's database is .emend/emend.db, or a PostgreSQL database
(--db postgres://..., $EMEND_DATABASE_URL or emend.toml's database) that
several servers of one library share: of two editors deciding one group at
once one wins and the other is told; the server holding the database's
lease writes the files, and a killed server's decisions are applied by
another once its --lease lapses. See docs/store.md.

Settings: a flag wins over the environment, which wins over emend.toml:
  --addr          EMEND_ADDR          addr = "HOST:PORT"
  --allow-host    EMEND_ALLOW_HOSTS   allow_hosts = ["NAME", ...]  (env: NAME,NAME)
  --log-format    EMEND_LOG_FORMAT    log_format = "json"
  --private       EMEND_PRIVATE       private = true
  --trust-proxy   EMEND_TRUST_PROXY   trust_proxy = ["10.0.0.0/8", ...]
  --db            EMEND_DATABASE_URL  database = "postgres://..."
  --config        EMEND_CONFIG
  --index         EMEND_INDEX
The settings and where each came from are logged at start.

For load balancers and monitoring: GET /healthz answers 200 "ok" while the
process runs; GET /readyz 200 when the index is loaded and the database
answers, else 503 with the reason (and from SIGTERM on); both answer any
Host. GET /metrics is in the Prometheus text format. See docs/deploy.md.`,
	flags: func() *flag.FlagSet { return new(serveOpts).flags() },
	run:   runServe,
}

func runServe(env *Env, args []string) error {
	o := new(serveOpts)
	fs := o.flags()
	paths, err := parse(fs, args, 0, -1)
	if err != nil {
		return err
	}
	given := map[string][]string{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = []string{f.Value.String()} })
	given["allow-host"], given["trust-proxy"] = o.allowHosts, o.trustProxy
	if _, ok := given["config"]; !ok {
		o.config = os.Getenv(config.EnvConfig)
	}
	if _, ok := given["index"]; !ok {
		o.index = os.Getenv(config.EnvIndex)
	}
	cfg, idx, err := o.resolve(nil)
	if err != nil {
		return err
	}
	set, err := config.ResolveServe(given, os.Getenv, cfg)
	if err != nil {
		return usagef("%v", err)
	}
	o.addr, o.allowHosts, o.private, o.logFormat = set.Addr, set.AllowHosts, set.Private, set.LogFormat
	proxies, err := server.ParseProxies(set.TrustProxy)
	if err != nil {
		return usagef("%v", err)
	}
	if o.private && o.noReview {
		return usagef("--private needs sign-in: leave out --no-review")
	}
	logger := newLogger(env, o.logFormat)
	ix, err := search.Load(idx)
	if os.IsNotExist(err) {
		return fmt.Errorf("no index at %s: run emend index first", idx)
	}
	if err != nil {
		return err
	}
	var rv *web.Review
	if !o.noReview {
		if rv, err = o.review(env, ix, paths); err != nil {
			return err
		}
		if rv != nil {
			defer rv.Store.Close()
		}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	st := ix.Stats()
	fmt.Fprintf(env.Stderr, "serving %d episodes of %d shows on http://%s/api/search?q=...\n", st.Episodes, st.Shows, ln.Addr())
	s := server.New(ix, runtime.GOMAXPROCS(0)+1)
	s.SetReview(rv)
	if rv != nil {
		rv.Build(false)
		fmt.Fprintf(env.Stderr, "review queue on http://%s/review (building it in the background)\n", ln.Addr())
	}
	s.Root = libraryRoot(cfg, idx)
	s.AllowHosts = o.allowHosts
	s.TrustProxies = proxies
	s.Log = logger
	s.Log.Info("settings", "addr", o.addr, "addr_from", set.From["addr"], "allow_hosts", o.allowHosts, "allow_hosts_from", set.From["allow-host"],
		"private", o.private, "private_from", set.From["private"], "trust_proxy", set.TrustProxy, "trust_proxy_from", set.From["trust-proxy"], "log_format", o.logFormat, "log_format_from", set.From["log-format"], "index", idx)
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go s.Watch(ctx, idx, server.ReloadEvery)
	applied := make(chan struct{})
	if rv != nil {
		rv.Log = s.Log
		go func() { // decisions left waiting, by a killed server or another's lease
			defer close(applied)
			rv.Run(ctx)
		}()
	} else {
		close(applied)
	}
	shut := make(chan error, 1)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
		s.Drain()
		s.Log.Info("shutting down: finishing the requests in flight", "timeout", o.shutdown.String())
		c, cancel := context.WithTimeout(context.Background(), o.shutdown)
		defer cancel()
		err := srv.Shutdown(c)
		if rv != nil {
			// A decision being applied outlives the requests' time: its
			// files are written wholly before the process ends, and its
			// editor gets the answer.
			c, cancel := context.WithTimeout(context.Background(), applyWait)
			defer cancel()
			if !rv.Wait(c) {
				s.Log.Warn("stopping with a decision still being applied: its files are recovered, all or nothing, before the next decision is applied", "waited", applyWait.String())
			} else if err != nil {
				c, cancel := context.WithTimeout(context.Background(), answerWait)
				defer cancel()
				err = srv.Shutdown(c)
			}
		}
		shut <- err
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// Serve returns at once on Shutdown: wait for the requests in flight
	// and the decision in hand.
	if err := <-shut; err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	<-applied // the decision being written, if any, is finished

	s.Log.Info("stopped")
	return nil
}

// newLogger is the request log on standard error: JSON or text, or, for
// auto, text on a terminal and JSON otherwise.
func newLogger(env *Env, format string) *slog.Logger {
	if format == config.LogText || (format == config.LogAuto && env.Progress) {
		return slog.New(slog.NewTextHandler(env.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, nil))
}

// review sets up the review queue of the library at paths (or of the
// shows of emend.toml), or returns nil, saying why, when there is no
// library to review.
func (o *serveOpts) review(env *Env, ix *search.Index, paths []string) (*web.Review, error) {
	cfg, _, err := o.resolve(nil)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 && cfg != nil {
		for _, s := range cfg.Shows {
			paths = append(paths, s.Paths...)
		}
	}
	if len(paths) == 0 {
		fmt.Fprintln(env.Stderr, "no review queue: name the library's PATHs, or describe it in emend.toml")
		return nil, nil
	}
	root := suggest.Root(paths)
	rulesFile := o.rules
	if rulesFile == "" && cfg != nil {
		rulesFile = cfg.Rules
	}
	if rulesFile == "" {
		if f, err := findRules(paths); err == nil {
			rulesFile = f
		} else {
			rulesFile = filepath.Join(root, "emend.rules")
		}
	}
	byFile := map[string]string{}
	titles := map[string]string{}
	for _, e := range ix.Episodes {
		if a, err := filepath.Abs(e.File); err == nil {
			byFile[a] = e.ID
		}
		titles[e.ID] = e.Title
	}
	lib := &review.Library{Paths: paths, Root: root, StateDir: stateDir(paths), RulesFile: rulesFile, SpellingsFile: o.sp.spellingsFile(root),
		EpisodeID: func(p string) string {
			a, err := filepath.Abs(p)
			if err != nil {
				return ""
			}
			return byFile[a]
		},
		Title: func(id string) string { return titles[id] }}
	st, dbPath, err := o.open()
	if err != nil {
		return nil, err
	}
	us, err := st.Users(context.Background())
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(us) == 0 {
		fmt.Fprintf(env.Stderr, "no account may review yet: add one with 'emend user add NAME' (database %s)\n", dbPath)
	}
	return &web.Review{Lib: lib, Store: st, Sessions: auth.NewSessions(st), Public: !o.private, LeaseTTL: o.lease}, nil
}

// libraryRoot is the directory answers name transcripts relative to: the
// one of emend.toml, else the one holding the .emend directory of the
// index, else the current directory.
func libraryRoot(cfg *config.Config, idx string) string {
	if cfg != nil {
		return cfg.Dir
	}
	if dir := filepath.Dir(idx); filepath.Base(dir) == ".emend" {
		return filepath.Dir(dir)
	}
	return "."
}
