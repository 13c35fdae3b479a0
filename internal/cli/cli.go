// Package cli is emend's command line: it parses arguments, calls the
// packages that do the work, and prints their results. It holds no logic of
// its own beyond that.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1 // the command ran and failed, or found problems
	ExitUsage   = 2 // the command line was wrong
)

// Env is what a command runs with: its streams and whether its standard
// error is a terminal (for progress lines).
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Progress is true when progress lines may be drawn on Stderr.
	Progress bool
	// Color is true when Stdout is a terminal that shows colors.
	Color bool
}

type command struct {
	name, args, summary string
	help                string
	// flags declares the command's options, for its help text.
	flags func() *flag.FlagSet
	run   func(env *Env, args []string) error
}

var commands []*command

func init() {
	commands = []*command{convertCmd, checkCmd, statsCmd, learnCmd, fixCmd, spellingsCmd, suggestCmd, evalCmd, demoCmd, versionCmd}
	commands = append(commands, indexCmd, searchCmd, trendCmd, serveCmd, userCmd, dbCmd)
	commands = append(commands, publishCmd)
}

// Version is set at build time with -ldflags "-X ...cli.Version=...";
// otherwise the version is the module's, from the build information.
var Version = ""

var versionCmd = &command{
	name: "version", summary: "print emend's version",
	help: `
Prints the module version (v1.2.0 when installed with go install
...@v1.2.0, "(devel)" when built from a clone), the git revision and time
of the commit it was built from ("modified" when the tree had changes),
and the Go version.`,
	run: func(env *Env, args []string) error {
		fs := newFlags("version")
		if _, err := parse(fs, args, 0, 0); err != nil {
			return err
		}
		info, _ := debug.ReadBuildInfo()
		fmt.Fprintf(env.Stdout, "emend %s\n", versionLine(Version, info))
		return nil
	},
}

// versionLine says which emend this is: the version given at build time
// or the module's, then the VCS revision and time and the Go version the
// build information holds.
func versionLine(version string, info *debug.BuildInfo) string {
	if info == nil {
		if version == "" {
			version = "(unknown)"
		}
		return version
	}
	if version == "" {
		version = info.Main.Version
	}
	if version == "" {
		version = "(devel)"
	}
	parts := []string{version}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		parts = append(parts, "revision "+rev)
		if at != "" {
			parts = append(parts, at)
		}
		if modified {
			parts = append(parts, "(modified)")
		}
	}
	if info.GoVersion != "" {
		parts = append(parts, info.GoVersion)
	}
	return strings.Join(parts, " ")
}

// Main runs emend with the given arguments (without the program name) and
// returns the exit status.
func Main(args []string, env *Env) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && name == "help" {
			if c := lookup(args[1]); c != nil {
				commandUsage(env.Stdout, c)
				return ExitOK
			}
			fmt.Fprintf(env.Stderr, "emend: unknown command %q\n", args[1])
			return ExitUsage
		}
		usage(env.Stdout)
		return ExitOK
	case "-version", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(env.Stderr, "emend: unknown command %q\nRun 'emend help' for the list of commands.\n", name)
		return ExitUsage
	}
	err := c.run(env, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		commandUsage(env.Stdout, c)
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "emend %s: %v\n", c.name, err)
		fmt.Fprintf(env.Stderr, "usage: emend %s %s\nRun 'emend %s --help' for more.\n", c.name, c.args, c.name)
		return ExitUsage
	case errors.Is(err, errSilent):
		return ExitFailure
	default:
		fmt.Fprintf(env.Stderr, "emend %s: %v\n", c.name, err)
		return ExitFailure
	}
}

// Run is Main with the process's own streams.
func Run() int {
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Progress: isTerminal(os.Stderr),
		Color: isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"}
	return Main(os.Args[1:], env)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, `emend proofreads, publishes and searches podcast transcripts.

Usage: emend COMMAND [ARGUMENTS]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'emend COMMAND --help' for a command's arguments and options.
Exit status: 0 on success, 1 on failure or when problems were found, 2 for a usage error.
`)
}

func commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: emend %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.summary))
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	if c.flags != nil {
		fs := c.flags()
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nOptions:")
			fs.SetOutput(w)
			fs.PrintDefaults()
		}
	}
}

// usageError is a wrong command line.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errSilent is returned by a command that has already said why it failed.
var errSilent = errors.New("failed")

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags and positional arguments in any order ("emend convert
// in.vtt --to srt" as well as "emend convert --to srt in.vtt"), and checks
// the number of positional arguments (max < 0: no limit). "--" ends the
// options wherever it stands: every argument after it is positional.
func parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			// fs.Parse stopped at "--" and dropped it: the rest are arguments.
			pos = append(pos, rest...)
			break
		}
		args = rest
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	switch {
	case len(pos) < minArgs:
		return nil, usagef("missing arguments")
	case maxArgs >= 0 && len(pos) > maxArgs:
		return nil, usagef("too many arguments: %s", strings.Join(pos[maxArgs:], " "))
	}
	return pos, nil
}

// progress draws a one-line progress counter on a terminal and nothing
// elsewhere.
type progress struct {
	env   *Env
	label string
	last  int
	drawn bool
}

func newProgress(env *Env, label string) *progress { return &progress{env: env, label: label} }

// update is called with work done so far; it redraws at most every 1%.
func (p *progress) update(done, total int) {
	if !p.env.Progress || total < 50 {
		return
	}
	pct := done * 100 / total
	if pct == p.last && done != total {
		return
	}
	p.last = pct
	p.drawn = true
	fmt.Fprintf(p.env.Stderr, "\r%s %d/%d (%d%%)", p.label, done, total, pct)
}

// done clears the progress line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.env.Stderr, "\r\033[K")
		p.drawn = false
	}
}

// warn prints a warning line on Stderr, clearing the progress line first
// so that the two do not run together; the next update draws it again.
func (p *progress) warn(msg string) {
	p.done()
	p.last = -1
	fmt.Fprintf(p.env.Stderr, "warning: %s\n", msg)
}
