#define _GNU_SOURCE
// The floor of a request on a Unix socket: what HTTP/1.1 costs there at all. One thread, blocking reads,
// one connection at a time, kept alive; every request (a head without a body) gets the same 200 answer.
// LedgerBench times its clients against it in the same run as against ledgerd.
//
//     ledger-floor SOCKET
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char answer[] =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{\"status\":\"ok\"}";

// Answers every request head that arrives on `connection` until the client closes it.
static void serve(int connection) {
    char buffer[65536];
    size_t held = 0;
    for (;;) {
        ssize_t got = read(connection, buffer + held, sizeof buffer - held);
        if (got <= 0) return;
        held += (size_t)got;
        char *end;
        while (held >= 4 && (end = memmem(buffer, held, "\r\n\r\n", 4)) != NULL) {
            if (write(connection, answer, sizeof answer - 1) != (ssize_t)(sizeof answer - 1)) return;
            size_t used = (size_t)(end + 4 - buffer);
            memmove(buffer, buffer + used, held - used);
            held -= used;
        }
        if (held == sizeof buffer) return;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: ledger-floor SOCKET\n");
        return 2;
    }
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof address.sun_path) {
        fprintf(stderr, "ledger-floor: the socket path is too long\n");
        return 2;
    }
    strcpy(address.sun_path, argv[1]);
    unlink(argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 64) != 0) {
        perror("ledger-floor");
        return 1;
    }
    for (;;) {
        int connection = accept(listener, NULL, NULL);
        if (connection < 0) continue;
        serve(connection);
        close(connection);
    }
}
