package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/demo"
)

var demoCmd = &command{
	name: "demo", args: "[DIR]",
	summary: "create a demo library and run emend on it",
	help: `
Writes a small synthetic library of the made-up show "` + demo.Show + `" into DIR
(default: emend-demo), then runs emend's commands on it and shows their
output. DIR must not exist, be empty, or hold an earlier demo.`,
	run: runDemo,
}

func runDemo(env *Env, args []string) error {
	pos, err := parse(newFlags("demo"), args, 0, 1)
	if err != nil {
		return err
	}
	dir := "emend-demo"
	if len(pos) == 1 {
		dir = pos[0]
	}
	files, err := demo.Create(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote a demo library of %d files to %s/\n", len(files)-1, dir)
	steps := []struct {
		note string
		args []string
	}{
		{"What is in the library:", []string{"stats", dir}},
		{"Do the copies of each episode agree? (Episode 2's .txt was corrected, its .vtt was not.)", []string{"check", dir}},
		{"Convert the SRT that another tool made into WebVTT:", []string{"convert", filepath.Join(dir, "other-tools", "006-packaging-in-2026.srt"), "--to", "vtt"}},
	}
	for _, s := range steps {
		fmt.Fprintf(env.Stdout, "\n%s\n$ emend %s\n", s.note, strings.Join(s.args, " "))
		var out strings.Builder
		sub := &Env{Stdin: env.Stdin, Stdout: &out, Stderr: &out}
		err := lookup(s.args[0]).run(sub, s.args[1:])
		text := out.String()
		if lines := strings.Split(text, "\n"); len(lines) > 16 {
			text = strings.Join(lines[:14], "\n") + fmt.Sprintf("\n[... %d more lines]\n", len(lines)-15)
		}
		fmt.Fprint(env.Stdout, text)
		if err != nil && !errors.Is(err, errSilent) {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "\nTry more: emend help, emend convert %s --to json\n", filepath.Join(dir, "transcripts", "003-typed-data-with-pydantic.vtt"))
	return nil
}
