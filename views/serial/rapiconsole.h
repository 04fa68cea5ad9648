#pragma once

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace cb {

class SerialSession;

// A RAPI command line: type "GS" (or "SC 16"), press Enter, and the session sends "$GS^30" with
// the checksum it computed; the transcript shows what went out and what came back. Up and Down
// walk the commands typed before.
class RapiConsole : public QWidget
{
    Q_OBJECT
public:
    explicit RapiConsole(SerialSession &session, QWidget *parent = nullptr);

    QLineEdit *input() const { return m_input; }
    QString transcript() const;
    QString lastReply() const { return m_lastReply; }

    void submit(); // what Enter and the Send button do

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void appendLine(const QString &prefix, const QString &text, const QColor &color);
    void updateEnabled();

    SerialSession &m_session;
    QLineEdit *m_input;
    QPushButton *m_send;
    QPlainTextEdit *m_output;
    QStringList m_history;
    int m_historyPos = 0;
    QString m_lastReply;
};

} // namespace cb
