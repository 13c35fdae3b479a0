// Package deploy owns the checks of the deployment files at the
// repository's root: compose.yaml (PostgreSQL, two emend servers, Caddy),
// the Dockerfile and deploy/Caddyfile. No container can run where the
// tests run, so the tests read the files and check that they agree with
// each other and with emend: the services and volumes they name exist,
// the database URL matches the database's settings, the ports, probe
// paths and environment variables are emend's own.
package deploy
