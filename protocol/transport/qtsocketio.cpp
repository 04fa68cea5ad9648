#include "qtsocketio.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace cb {

QtSocketIo::QtSocketIo(QTcpSocket *socket) : m_socket(socket)
{
    socket->setParent(nullptr);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [this] { onReadyRead(); });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, [this] { onDisconnected(); });
    QObject::connect(socket, &QTcpSocket::bytesWritten, socket, [this] { onBytesWritten(); });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        QObject::connect(ssl, &QSslSocket::encryptedBytesWritten, ssl, [this] { onBytesWritten(); });
}

QtSocketIo::~QtSocketIo()
{
    m_handler = nullptr;
    if (m_socket) {
        QObject::disconnect(m_socket, nullptr, nullptr, nullptr);
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void QtSocketIo::onReadyRead()
{
    while (m_socket && m_handler && !m_readPaused && m_socket->bytesAvailable() > 0) {
        const QByteArray data = m_socket->readAll();
        m_handler->bytesReceived(data.constData(), data.size());
        if (m_socket && pendingWriteBytes() > kReadPauseBytes) {
            // A full read buffer makes Qt stop reading the descriptor (for TLS, the encrypted one).
            m_readPaused = true;
            m_socket->setReadBufferSize(1);
        }
    }
}

void QtSocketIo::onBytesWritten()
{
    if (!m_readPaused || !m_socket || pendingWriteBytes() > 0)
        return;
    m_readPaused = false;
    m_socket->setReadBufferSize(0); // unlimited again; Qt resumes reading the descriptor
    onReadyRead();                  // and what waited in Qt's buffer is handled now
}

void QtSocketIo::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    if (SocketIoHandler *h = m_handler) {
        m_handler = nullptr;
        h->socketClosed();
    }
}

void QtSocketIo::write(const char *head, qsizetype headSize, const char *body, qsizetype bodySize)
{
    if (!m_socket || m_closed)
        return;
    if (headSize > 0)
        m_socket->write(head, headSize);
    if (bodySize > 0)
        m_socket->write(body, bodySize);
}

void QtSocketIo::closeAfterWrites()
{
    if (m_socket && !m_closed)
        m_socket->disconnectFromHost();
}

void QtSocketIo::abort()
{
    if (m_socket && !m_closed)
        m_socket->abort();
    onDisconnected(); // abort() of a socket that was already unconnected emits nothing
}

qint64 QtSocketIo::pendingWriteBytes() const
{
    if (!m_socket)
        return 0;
    qint64 n = m_socket->bytesToWrite();
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data()))
        n += ssl->encryptedBytesToWrite();
    return n;
}

} // namespace cb
