#include "ptypair.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <QUuid>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

PtyPair::PtyPair()
{
    // Unique names: QSerialPort's lock files are named after the device, not the folder.
    const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(8);
    m_a = m_dir.filePath(QStringLiteral("ptyA") + tag);
    m_b = m_dir.filePath(QStringLiteral("ptyB") + tag);
}

PtyPair::~PtyPair()
{
    stop();
}

bool PtyPair::start(QString *problem)
{
    stop();
    m_process.setProgram(QStringLiteral("socat"));
    m_process.setArguments({QStringLiteral("-d"), QStringLiteral("-d"),
                            QStringLiteral("pty,raw,echo=0,link=") + m_a,
                            QStringLiteral("pty,raw,echo=0,link=") + m_b});
    m_process.setStandardOutputFile(QProcess::nullDevice());
#ifdef Q_OS_LINUX
    // A test that aborts (sanitizer, crash) must not leave socat behind.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process.setStandardErrorFile(QProcess::nullDevice());
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        if (problem)
            *problem = QStringLiteral("socat did not start: ") + m_process.errorString();
        return false;
    }
    const bool ready = QTest::qWaitFor([this] { return QFileInfo::exists(m_a) && QFileInfo::exists(m_b); }, 5000);
    if (!ready && problem)
        *problem = QStringLiteral("socat started but the pty links did not appear");
    return ready;
}

void PtyPair::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    // socat removes its links on SIGTERM; make sure, so "present" means the new pair.
    QFile::remove(m_a);
    QFile::remove(m_b);
}
