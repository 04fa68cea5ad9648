#include "rapiconsole.h"

#include "serialcapture/serialsession.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cb {

namespace {
// "$GS^30\r" as shown: without the line end.
QString shown(const QByteArray &frame)
{
    QByteArray f = frame;
    while (f.endsWith('\r') || f.endsWith('\n'))
        f.chop(1);
    return QString::fromLatin1(f);
}
} // namespace

RapiConsole::RapiConsole(SerialSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("RAPI co&mmand:"), this);
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("rapiCommandInput"));
    m_input->setPlaceholderText(tr("e.g. GS, GV, SC 16, FD, FE (the checksum is added)"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setClearButtonEnabled(true);
    m_input->installEventFilter(this);
    label->setBuddy(m_input);
    m_send = new QPushButton(tr("S&end"), this);
    row->addWidget(label);
    row->addWidget(m_input, 1);
    row->addWidget(m_send);
    layout->addLayout(row);

    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("rapiTranscript"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(1000);
    m_output->setPlaceholderText(tr("Commands and the controller's replies appear here."));
    m_output->setAccessibleName(tr("RAPI transcript"));
    layout->addWidget(m_output, 1);

    connect(m_input, &QLineEdit::returnPressed, this, &RapiConsole::submit);
    connect(m_send, &QPushButton::clicked, this, &RapiConsole::submit);
    connect(&m_session, &SerialSession::rapiCommandSent, this,
            [this](const QByteArray &frame) { appendLine(QStringLiteral("\u2192"), shown(frame), QColor(0x1f, 0x5f, 0xbf)); });
    connect(&m_session, &SerialSession::rapiCommandFinished, this, [this](const QByteArray &, bool ok, const QString &reply) {
        m_lastReply = reply;
        const bool answered = reply.startsWith(QLatin1Char('$'));
        appendLine(answered ? QStringLiteral("\u2190") : QStringLiteral("\u2717"), reply,
                   ok ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    });
    connect(&m_session, &SerialSession::linkStateChanged, this, &RapiConsole::updateEnabled);
    updateEnabled();
}

void RapiConsole::updateEnabled()
{
    const bool usable = m_session.isRapi() && m_session.linkState() == SerialSession::LinkState::Open;
    m_send->setEnabled(usable);
    m_input->setToolTip(usable ? QString() : tr("Connect to a RAPI controller to send commands."));
}

QString RapiConsole::transcript() const
{
    return m_output->toPlainText();
}

void RapiConsole::appendLine(const QString &prefix, const QString &text, const QColor &color)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    m_output->appendHtml(QStringLiteral("<span style=\"color:gray\">%1</span> <span style=\"color:%2\">%3 %4</span>")
                             .arg(time, color.name(), prefix.toHtmlEscaped(), text.toHtmlEscaped()));
}

void RapiConsole::submit()
{
    const QString text = m_input->text().trimmed();
    if (text.isEmpty())
        return;
    if (auto st = m_session.sendRapiCommand(text); !st) {
        m_lastReply = st.error().text();
        appendLine(QStringLiteral("\u2717"), st.error().text(), QColor(0xc6, 0x28, 0x28));
        return; // keep the text so it can be corrected
    }
    if (m_history.isEmpty() || m_history.constLast() != text)
        m_history << text;
    m_historyPos = int(m_history.size());
    m_input->clear();
}

bool RapiConsole::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress && !m_history.isEmpty()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            m_historyPos = std::clamp(m_historyPos + (key == Qt::Key_Up ? -1 : 1), 0, int(m_history.size()));
            m_input->setText(m_historyPos < m_history.size() ? m_history.at(m_historyPos) : QString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace cb
