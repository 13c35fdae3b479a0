package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/demo"
)

var demoCmd = &command{
	name: "demo", args: "[DIR]",
	summary: "create a demo library and run emend's main job on it",
	help: `
Writes a small synthetic library of the made-up show "` + demo.Show + `" into DIR
(default: emend-demo): a git repository whose history holds the fixes a
maintainer made to episodes 1 to 3, with the same mistakes left in episodes
4 to 6. Then it runs emend on it and shows the output of each step: stats,
check, learn (rules from the history), fix (a dry run, then for real), check
again, and a conversion. DIR must not exist, be empty, or hold an earlier
demo. Without git installed, the learning steps are left out.`,
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
	files, git, err := demo.Create(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote a demo library of %d files to %s/", len(files)-2, dir)
	if git {
		fmt.Fprint(env.Stdout, ", a git repository with a maintainer's fixes in its history")
	}
	fmt.Fprintln(env.Stdout)
	rulesFile := filepath.Join(dir, "emend.rules")
	type step struct {
		note string
		args []string
	}
	steps := []step{
		{"What is in the library:", []string{"stats", dir}},
		{"Do the copies of each episode agree? (A maintainer fixed episode 2's .txt but not its .vtt.)", []string{"check", dir}},
	}
	if git {
		steps = append(steps,
			step{"Learn the corrections the maintainer made, from the repository's history:", []string{"learn", dir, "-o", rulesFile}},
			step{"The rules, one a line, with their support and an example:", nil},
			step{"What would fixing the whole library change? Episodes 4 to 6 have the same mistakes:", []string{"fix", "--dry-run", "--rules", rulesFile, dir}},
			step{"Fix it, in place (all files or none):", []string{"fix", "--rules", rulesFile, dir}},
			step{"Every copy now agrees:", []string{"check", dir}},
		)
	}
	config := filepath.Join(dir, "emend.toml")
	steps = append(steps,
		step{"Mistakes no rule knows yet: proposals for episode 6, whose show notes name pytest and PyPI (emend fix --suggest-above P applies them; emend suggest --review asks):",
			[]string{"suggest", "--min", "0.05", filepath.Join(dir, "transcripts", "006-packaging-in-2026.txt")}},
		step{"Index the library for search (emend.toml names the show, its paths and its links):", []string{"index", "--config", config}},
		step{"Search it, with links to the second:", []string{"search", "--config", config, "--limit", "3", "dagster"}},
		step{"Sounds-like search finds what is still misheard:", []string{"search", "--config", config, "pytest~"}},
	)
	steps = append(steps, step{"Convert the SRT another tool made into WebVTT:", []string{"convert", filepath.Join(dir, "other-tools", "006-packaging-in-2026.srt"), "--to", "vtt"}})
	for _, s := range steps {
		fmt.Fprintf(env.Stdout, "\n%s\n", s.note)
		if s.args == nil {
			fmt.Fprintf(env.Stdout, "$ cat %s\n%s", rulesFile, clipLines(readText(rulesFile), 16))
			continue
		}
		fmt.Fprintf(env.Stdout, "$ emend %s\n", strings.Join(s.args, " "))
		var out strings.Builder
		sub := &Env{Stdin: env.Stdin, Stdout: &out, Stderr: &out}
		err := lookup(s.args[0]).run(sub, s.args[1:])
		fmt.Fprint(env.Stdout, clipLines(out.String(), 24))
		if err != nil && !errors.Is(err, errSilent) {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "\nTry more: emend help; emend fix --patch %s > fix.mbox; emend convert %s --to json\n", dir, filepath.Join(dir, "transcripts", "003-typed-data.vtt"))
	return nil
}

// clipLines keeps the first n lines of a text, saying how many it left.
func clipLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) <= n+2 {
		return strings.Join(lines, "\n") + "\n"
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n[... %d more lines]\n", len(lines)-n)
}

func readText(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error() + "\n"
	}
	return string(b)
}
