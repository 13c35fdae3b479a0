package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"time"

	"github.com/emend-project/emend/internal/server"
)

type serveOpts struct {
	libraryOpts
	addr string
}

func (o *serveOpts) flags() *flag.FlagSet {
	fs := newFlags("serve")
	o.add(fs)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	return fs
}

var serveCmd = &command{
	name: "serve", args: "[--addr HOST:PORT]",
	summary: "serve the search index as a JSON API",
	help: `
Serves the library's index over HTTP until interrupted:
  GET /api/search?q=QUERY[&limit=20&offset=0&per_episode=3&sounds_like=true]
  GET /api/episodes/ID
  GET /api/trend?q=QUERY[&by=year|month]
Errors are JSON objects {"error": "..."}: 400 for a bad query or
parameter, 413 for a query over 1000 bytes, 404 for an unknown episode,
503 when a query takes over 2 seconds. See the README for the responses.`,
	flags: func() *flag.FlagSet { return new(serveOpts).flags() },
	run:   runServe,
}

func runServe(env *Env, args []string) error {
	o := new(serveOpts)
	if _, err := parse(o.flags(), args, 0, 0); err != nil {
		return err
	}
	ix, err := o.load()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	st := ix.Stats()
	fmt.Fprintf(env.Stderr, "serving %d episodes of %d shows on http://%s/api/search?q=...\n", st.Episodes, st.Shows, ln.Addr())
	srv := &http.Server{
		Handler:           server.New(ix, runtime.GOMAXPROCS(0)+1).Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
