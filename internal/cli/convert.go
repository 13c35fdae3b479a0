package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/transcript"
)

type convertOpts struct {
	to, from, out string
	force         bool
}

func (o *convertOpts) flags() *flag.FlagSet {
	fs := newFlags("convert")
	fs.StringVar(&o.to, "to", "", "output `format`: "+joinFormats(transcript.WritableFormats()))
	fs.StringVar(&o.from, "from", "", "read the input as this `format` instead of detecting it")
	fs.StringVar(&o.out, "o", "", "write to `FILE` (atomically) instead of standard output")
	fs.BoolVar(&o.force, "force", false, "write even when the input has problems (what could not be read is lost)")
	return fs
}

var convertCmd = &command{
	name: "convert", args: "IN --to FORMAT [-o OUT]",
	summary: "convert a transcript to another format",
	help: `
Reads IN (a file, or - for standard input), whose format is detected from its
content, and writes it in FORMAT. Formats read: ` + joinFormats(transcript.Formats()) + `.

Converting a file to its own format gives the file back unchanged. When the
input has parts the reader does not understand, convert lists them and writes
nothing, unless --force is given.`,
	flags: func() *flag.FlagSet { return new(convertOpts).flags() },
	run:   runConvert,
}

func runConvert(env *Env, args []string) error {
	o := new(convertOpts)
	pos, err := parse(o.flags(), args, 1, 1)
	if err != nil {
		return err
	}
	if o.to == "" {
		return usagef("--to is required")
	}
	to, err := transcript.ParseFormat(o.to)
	if err != nil {
		return usageError{err}
	}
	var from transcript.Format
	if o.from != "" {
		if from, err = transcript.ParseFormat(o.from); err != nil {
			return usageError{err}
		}
	}
	in := pos[0]
	var data []byte
	if in == "-" {
		data, err = io.ReadAll(env.Stdin)
		in = "<stdin>"
	} else {
		data, err = os.ReadFile(in)
	}
	if err != nil {
		return err
	}
	var ep *transcript.Episode
	if from != "" {
		ep, err = transcript.ReadAs(in, data, from)
	} else {
		ep, err = transcript.Read(in, data)
	}
	if err != nil {
		printProblems(env, err)
		if ep == nil || !o.force {
			if ep != nil {
				fmt.Fprintf(env.Stderr, "emend convert: %s has problems; nothing written (use --force to write what could be read)\n", in)
			}
			return errSilent
		}
	}
	out, err := transcript.Marshal(ep, to)
	if err != nil {
		return err
	}
	if o.out == "" || o.out == "-" {
		_, err = env.Stdout.Write(out)
		return err
	}
	return safefile.WriteFile(o.out, out, 0o644)
}

// printProblems prints a reader's problems, one a line.
func printProblems(env *Env, err error) {
	var list transcript.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(env.Stderr, e)
		}
		return
	}
	fmt.Fprintln(env.Stderr, err)
}

func joinFormats(fs []transcript.Format) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
