// Command emend proofreads, publishes and searches podcast transcripts.
// See the README, or run 'emend help'.
package main

import (
	"os"

	"github.com/emend-project/emend/internal/cli"
)

func main() { os.Exit(cli.Run()) }
