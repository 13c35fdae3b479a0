# emend in a container: a static binary on a small image with git (serve
# commits applied decisions in a git library; learn reads its history).
#   docker build -t emend --build-arg VERSION=$(git describe --always --dirty) .
#   docker run --rm -v "$PWD:/library" emend index
#   docker run --rm -p 8080:8080 -v "$PWD:/library" emend
# compose.yaml runs two servers on PostgreSQL behind Caddy; see docs/deploy.md.

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
# CGO_ENABLED=0: the SQLite driver is pure Go, so the binary needs no libc.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/emend-project/emend/internal/cli.Version=${VERSION}" \
      -o /out/emend ./cmd/emend

FROM alpine:3.22
RUN apk add --no-cache git ca-certificates tzdata \
 && adduser -D -H -u 10001 emend \
 && git config --system --add safe.directory '*'
COPY --from=build /out/emend /usr/local/bin/emend
USER emend
# The library (emend.toml, the transcripts, .emend/) is mounted here.
WORKDIR /library
ENV HOME=/tmp \
    EMEND_ADDR=0.0.0.0:8080 \
    EMEND_LOG_FORMAT=json
EXPOSE 8080
# The process is alive; /readyz (index and database) is for the proxy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
# SIGTERM drains /readyz, finishes the requests and the decision being
# applied; give it the time (docker stop -t 130, stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["emend"]
CMD ["serve"]
