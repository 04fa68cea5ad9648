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

private:
    void onReadyRead();
    void onDisconnected();

    QPointer<QTcpSocket> m_socket;
    SocketIoHandler *m_handler = nullptr;
    bool m_closed = false;
};

} // namespace cb
