package cli

var demoCmd = &command{name: "demo", summary: "create a demo library and run emend on it", run: func(env *Env, args []string) error { return nil }}
