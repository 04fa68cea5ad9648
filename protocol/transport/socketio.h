#pragma once

#include <QtGlobal>

namespace cb {

// What a socket tells the connection above it.
class SocketIoHandler
{
public:
    virtual ~SocketIoHandler() = default;
    // Bytes read from the peer; valid only during the call.
    virtual void bytesReceived(const char *data, qsizetype size) = 0;
    // The TCP connection ended (peer closed, reset, or closeAfterWrites() finished).
    virtual void socketClosed() = 0;
};

// The byte stream under one WebSocket connection: a raw descriptor on the server thread's epoll
// (plain TCP) or a QSslSocket (TLS). Writes never block: what the kernel does not take at once is
// kept and sent when the socket can take it.
class SocketIo
{
public:
    virtual ~SocketIo() = default;
    virtual void setHandler(SocketIoHandler *handler) = 0;
    // Writes head then body (either may be empty) in order.
    virtual void write(const char *head, qsizetype headSize, const char *body, qsizetype bodySize) = 0;
    // Sends what is queued, then ends the connection in an orderly way (FIN after the data).
    virtual void closeAfterWrites() = 0;
    // Ends the connection at once; socketClosed() follows.
    virtual void abort() = 0;
    virtual qint64 pendingWriteBytes() const = 0;

    // A peer that sends but does not read what it is sent (a broken or hostile station that keeps
    // sending CALLs) would make the server keep every answer. Past this many bytes not yet taken
    // by the kernel, a connection is not read until they are gone: the peer's own TCP window then
    // holds it back, and no other connection is affected.
    static constexpr qint64 kReadPauseBytes = 1024 * 1024;
    virtual bool isReadingPaused() const = 0;
};

} // namespace cb
