#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// Two connected pseudo-terminals made by socat, reachable as <dir>/<a> and <dir>/<b>: the test's
// stand-in for a USB-serial cable. stop() and start() again simulate unplug and replug.
class PtyPair
{
public:
    PtyPair();
    ~PtyPair();

    // Starts socat and waits (by condition) until both links exist; false with a reason otherwise.
    bool start(QString *problem = nullptr);
    // Terminates socat; the links disappear and both ends see a hangup.
    void stop();

    QString a() const { return m_a; }
    QString b() const { return m_b; }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

private:
    QTemporaryDir m_dir;
    QString m_a;
    QString m_b;
    QProcess m_process;
};
