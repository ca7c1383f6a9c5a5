#!/usr/bin/env python3
"""A stand-in for Ollama, for deploy/check-nginx.sh only: answers every chat with a fixed text, one
word every DELAY seconds (streamed NDJSON as Ollama does), so a run lasts long enough to watch its
SSE events arrive one by one through nginx. Standard library only. Loopback only.

    python3 deploy/fake-ollama.py PORT [DELAY_SECONDS] [WORDS]
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 11999
DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
WORDS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
MODEL = "llama3.2:latest"
DETAILS = {"format": "gguf", "family": "llama", "families": ["llama"], "parameter_size": "3.2B",
           "quantization_level": "Q4_K_M"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-ollama: " + (fmt % args) + "\n")

    def _json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}") if length else {}

    def do_GET(self):
        if self.path.startswith("/api/version"):
            self._json(200, {"version": "0.12.0"})
        elif self.path.startswith("/api/tags"):
            self._json(200, {"models": [{"name": MODEL, "model": MODEL, "size": 2019393189,
                                         "digest": "a80c4f17acd5", "details": DETAILS,
                                         "modified_at": "2026-01-01T00:00:00Z"}]})
        elif self.path.startswith("/api/ps"):
            self._json(200, {"models": []})
        else:
            self._json(200, {"status": "Ollama is running"})

    def do_POST(self):
        body = self._body()
        if self.path.startswith("/api/show"):
            self._json(200, {"modelfile": "FROM " + MODEL, "details": DETAILS, "model_info": {},
                             "capabilities": ["completion"]})
        elif self.path.startswith("/api/pull"):
            self._json(200, {"status": "success"})
        elif self.path.startswith("/api/chat"):
            self._chat(body)
        else:
            self._json(404, {"error": "not found"})

    def _chat(self, body):
        model = body.get("model") or MODEL
        words = ["word%d " % i for i in range(1, WORDS + 1)]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        start = time.monotonic_ns()
        try:
            for w in words:
                time.sleep(DELAY)
                self._chunk({"model": model, "created_at": "2026-01-01T00:00:00Z",
                             "message": {"role": "assistant", "content": w}, "done": False})
            total = time.monotonic_ns() - start
            self._chunk({"model": model, "created_at": "2026-01-01T00:00:00Z",
                         "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
                         "total_duration": total, "load_duration": 1000, "prompt_eval_count": 10,
                         "prompt_eval_duration": 1000, "eval_count": len(words), "eval_duration": total})
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the app cancelled the run: it closed the connection

    def _chunk(self, obj):
        line = (json.dumps(obj) + "\n").encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
        self.wfile.flush()


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
