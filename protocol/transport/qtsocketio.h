#pragma once

#include "socketio.h"

#include <QPointer>

class QTcpSocket;

namespace cb {

// A connection through a QTcpSocket, used for TLS (QSslSocket does the encryption). Takes
// ownership of the socket.
class QtSocketIo final : public SocketIo
{
public:
    explicit QtSocketIo(QTcpSocket *socket);
    ~QtSocketIo() override;

    void setHandler(SocketIoHandler *handler) override { m_handler = handler; }
    void write(const char *head, qsizetype headSize, const char *body, qsizetype bodySize) override;
    void closeAfterWrites() override;
    void abort() override;
    qint64 pendingWriteBytes() const override;
    bool isReadingPaused() const override { return m_readPaused; }

private:
    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();

    QPointer<QTcpSocket> m_socket;
    SocketIoHandler *m_handler = nullptr;
    bool m_closed = false;
    bool m_readPaused = false; // too much unsent (kReadPauseBytes): what arrives stays in the kernel
};

} // namespace cb
