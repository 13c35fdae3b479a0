// Package pgtest gives tests a PostgreSQL database of their own: on the
// server of EMEND_TEST_POSTGRES (a URL of a role that may create
// databases) when it is set, else on a throwaway cluster it makes itself
// with the machine's initdb and pg_ctl (in a temporary directory, on a
// unix socket there, no TCP port), started once per test binary and
// stopped by Main (and, should the test binary be killed first, by the
// next test binary's pgtest). When no PostgreSQL can be had the tests skip, saying
// why, except under CI=true, where they fail.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable of a server to test on.
const EnvURL = "EMEND_TEST_POSTGRES"

// startTimeout bounds pg_ctl start.
const startTimeout = 30 * time.Second

var (
	once     sync.Once
	adminURL string
	setupErr error
	cluster  string // the data directory of a cluster started here
	runAs    []string
)

// Main runs a package's tests and stops the cluster they started:
// call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the cluster started here, if any, and removes it.
func Stop() {
	if cluster == "" {
		return
	}
	cmd := command("pg_ctl", "stop", "-D", filepath.Join(cluster, "data"), "-m", "immediate", "-w")
	cmd.Run()
	os.RemoveAll(cluster)
	cluster = ""
}

// URL returns the URL of a new, empty database for the test, dropped
// when the test ends; or skips the test (fails it under CI=true) when no
// PostgreSQL can be had.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is needed under CI: %v", setupErr)
		}
		t.Skipf("no PostgreSQL to test on: %v (set %s to a server's URL, or install PostgreSQL)", setupErr, EnvURL)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "emend_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func setup() {
	if u := os.Getenv(EnvURL); u != "" {
		adminURL = u
		setupErr = ping(u)
		if setupErr != nil {
			setupErr = fmt.Errorf("%s=%s: %w", EnvURL, redact(u), setupErr)
		}
		return
	}
	reapOrphans()
	adminURL, setupErr = start()
}

// ownerFile, in a cluster's directory, holds the process id of the test
// binary that started it.
const ownerFile = "owner.pid"

// reapOrphans stops and removes the clusters of test binaries that died
// without Stop (killed by go test's -timeout, say): those pgtest made
// whose owner is no longer running.
func reapOrphans() {
	if os.Geteuid() == 0 && len(runAs) == 0 {
		if rp, err := exec.LookPath("runuser"); err == nil {
			runAs = []string{rp, "-u", "postgres", "--"}
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "emend-pg-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue // not one of ours, or not started yet
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) == nil || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue // its owner lives
		}
		command("pg_ctl", "stop", "-D", filepath.Join(d, "data"), "-m", "immediate", "-w").Run()
		os.RemoveAll(d)
	}
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func ping(u string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return c.Ping(ctx)
}

// bin finds a PostgreSQL program: on PATH, else in Debian's
// /usr/lib/postgresql/VERSION/bin (newest first).
func bin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if p := filepath.Join(d, name); isFile(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s is not installed (Debian: apt-get install postgresql)", name)
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// command runs a PostgreSQL program, as the postgres user when this
// process is root (PostgreSQL refuses to run as root).
func command(name string, args ...string) *exec.Cmd {
	p, err := bin(name)
	if err != nil {
		p = name
	}
	if len(runAs) > 0 {
		return exec.Command(runAs[0], append(append(runAs[1:], p), args...)...)
	}
	return exec.Command(p, args...)
}

// start makes a cluster in a temporary directory and starts it on a unix
// socket there, returning the URL of its postgres database.
func start() (string, error) {
	if _, err := bin("initdb"); err != nil {
		return "", err
	}
	if _, err := bin("pg_ctl"); err != nil {
		return "", err
	}
	// t.TempDir's parents are private to root; the cluster's directory
	// must be the postgres user's, so it is made in the system's
	// temporary directory and removed by Stop.
	dir, err := os.MkdirTemp("", "emend-pg-")
	if err != nil {
		return "", err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return "", errors.New("running as root and there is no postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
		rp, err := exec.LookPath("runuser")
		if err != nil {
			os.RemoveAll(dir)
			return "", errors.New("running as root, and no runuser to run PostgreSQL as the postgres user")
		}
		runAs = []string{rp, "-u", "postgres", "--"}
	}
	os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644)
	data := filepath.Join(dir, "data")
	if out, err := command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("initdb: %v: %s", err, tail(out))
	}
	cluster = dir
	opts := "-c listen_addresses='' -c unix_socket_directories=" + dir + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	cmd := command("pg_ctl", "start", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)), "-o", opts)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		Stop()
		return "", fmt.Errorf("pg_ctl start: %v: %s %s", err, tail(out), tail(log))
	}
	u := "postgres://postgres@/postgres?host=" + url.QueryEscape(dir) + "&sslmode=disable"
	if err := ping(u); err != nil {
		Stop()
		return "", err
	}
	return u, nil
}

func tail(b []byte) string {
	if len(b) > 600 {
		b = b[len(b)-600:]
	}
	return string(b)
}
