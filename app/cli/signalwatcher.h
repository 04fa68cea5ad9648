#pragma once

#include <QObject>

class QSocketNotifier;

namespace cb::cli {

// Turns SIGINT and SIGTERM into a Qt signal (self-pipe), so shutdown runs on the event loop:
// connections are closed with 1001 and the capture is flushed before the process exits.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace cb::cli
