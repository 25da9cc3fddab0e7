package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// On a stop signal the server stops accepting, lets the request in flight finish, and exits 0.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		w.Write([]byte("done"))
	})
	ctx, stop := context.WithCancel(context.Background())
	exit := make(chan int)
	go func() {
		exit <- serveUntilSignal(ctx, ln, h, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	got := make(chan string)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(b)
	}()
	<-entered
	stop() // the signal arrives while the request is being handled
	close(release)
	if body := <-got; body != "done" {
		t.Fatalf("in-flight request: %q", body)
	}
	if code := <-exit; code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestSiteURL(t *testing.T) {
	for addr, want := range map[string]string{":8080": "http://localhost:8080", "127.0.0.1:80": "http://127.0.0.1:80", "[::1]:9": "http://[::1]:9"} {
		a, _ := net.ResolveTCPAddr("tcp", addr)
		if got := siteURL(a); got != want {
			t.Errorf("%s: %s", addr, got)
		}
	}
}
