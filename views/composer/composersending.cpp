#include "composerwidget.h"

#include "composerhistorymodel.h"
#include "composerwidgetshared.h"
#include "jsonhtml.h"
#include "schemaformmodel.h"
#include "workspace/workspace.h"

#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>

#include <algorithm>

Q_LOGGING_CATEGORY(lcComposer, "chargebench.views.composer")

// ComposerWidget's sending: whether Send may go ahead, the message on its way, the answer shown
// with its schema violations, and the history's load and send-again.
namespace cb {

using composer::kFormTab;
using composer::problemStyle;

namespace {

QString escaped(const QString &s) { return s.toHtmlEscaped(); }

} // namespace

bool ComposerWidget::canSend(QString *why) const
{
    QString reason;
    if (m_station.isEmpty() || !m_version)
        reason = tr("Choose a station first.");
    else if (m_action.isEmpty())
        reason = tr("Choose an action.");
    else if (!m_rawValid)
        reason = tr("The raw JSON does not parse: fix it or discard the raw edits.");
    else if (!m_violations.isEmpty())
        reason = tr("The payload breaks the %1 schema: fix the problems listed (%2).").arg(m_action).arg(m_violations.size());
    else if (!m_connected)
        reason = tr("%1 is not connected: the message can be sent once it is.").arg(m_station);
    if (why)
        *why = reason;
    return reason.isEmpty();
}

void ComposerWidget::updateSendState()
{
    QString why;
    const bool ok = canSend(&why);
    m_send->setEnabled(ok);
    m_sendHint->setText(ok ? tr("Ready to send %1 to %2.").arg(m_action, m_station) : why);
    m_sendHint->setStyleSheet(ok || m_violations.isEmpty() ? QString() : problemStyle());
}

bool ComposerWidget::send()
{
    QString why;
    if (!canSend(&why)) {
        m_sendHint->setText(why);
        qCDebug(lcComposer) << "send refused:" << why;
        return false;
    }
    sendPayload(m_action, m_form->json());
    return true;
}

void ComposerWidget::sendPayload(const QString &action, const QJsonObject &payload)
{
    const quint64 id = m_history->append(m_station, *m_version, action, payload);
    m_historyView->setCurrentIndex(m_history->index(0, 0));
    m_outcome->setText(tr("Waiting for %1 to answer %2\u2026").arg(m_station, action));
    m_outcome->setStyleSheet(QString());
    m_response->clear();
    // Answered on this widget's thread, and only while the widget exists.
    m_workspace.callStation(m_station, action, payload, responseTimeout(), this, [this, id](const CallOutcome &o) { onOutcome(id, o); });
}

void ComposerWidget::onOutcome(quint64 historyId, const CallOutcome &outcome)
{
    m_history->setOutcome(historyId, outcome);
    const int row = m_history->rowOf(historyId);
    if (row >= 0 && m_historyView->currentIndex().row() == row)
        displayHistoryRow(row);
    Q_EMIT outcomeReceived(outcome);
}

void ComposerWidget::displayHistoryRow(int row)
{
    if (row < 0 || row >= m_history->rowCount()) {
        m_outcome->setText(tr("Nothing sent yet."));
        m_response->clear();
        return;
    }
    const auto &e = m_history->entry(row);
    if (!e.outcome) {
        m_outcome->setText(tr("Waiting for %1 to answer %2\u2026").arg(e.station, e.action));
        m_outcome->setStyleSheet(QString());
        m_response->clear();
        return;
    }
    const CallOutcome &o = *e.outcome;
    using S = CallOutcome::Status;
    const QString status = o.payload.value(QLatin1String("status")).toString();
    if (o.status == S::Result && !status.isEmpty())
        m_outcome->setText(tr("%1 answered %2 in %3 ms.").arg(o.action, status).arg(o.latencyMs));
    else
        m_outcome->setText(o.describe());
    m_outcome->setStyleSheet(o.ok() ? QStringLiteral("color:#26734d;") : problemStyle());

    QHash<QString, QStringList> marks;
    for (const Violation &v : o.violations)
        marks[v.path].append(v.rule);
    QString html;
    switch (o.status) {
    case S::Result:
    case S::InvalidResponse: html = jsonHtml(o.payload, marks); break;
    case S::CallError:
        html = QStringLiteral("<p><b>CALLERROR %1</b>%2</p>")
                   .arg(escaped(o.errorCode),
                        o.errorDescription.isEmpty() ? QString() : QStringLiteral(": ") + escaped(o.errorDescription));
        if (!o.errorDetails.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(tr("Details:")) + jsonHtml(o.errorDetails);
        break;
    case S::Timeout:
    case S::Closed:
    case S::MalformedReply:
    case S::InvalidRequest:
        // No answer to show: the label says why; show what was sent instead.
        html = QStringLiteral("<p>%1</p>").arg(tr("The request that was sent:")) + jsonHtml(e.payload);
        break;
    }
    if (!o.violations.isEmpty()) {
        html += QStringLiteral("<p style=\"%1\"><b>%2</b></p><ul>")
                    .arg(problemStyle(), tr("Schema violations:"));
        for (const Violation &v : o.violations)
            html += QStringLiteral("<li style=\"%1\">%2</li>").arg(problemStyle(), escaped(v.text()));
        html += QStringLiteral("</ul>");
    }
    m_response->setHtml(html);
}

bool ComposerWidget::loadHistoryEntry(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return false;
    const auto &e = m_history->entry(row);
    if (!m_version || e.version != *m_version) {
        m_sendHint->setText(tr("That message was for OCPP %1; %2 speaks %3.")
                                .arg(versionName(e.version), m_station, m_version ? versionName(*m_version) : tr("nothing yet")));
        return false;
    }
    const QJsonObject payload = e.payload; // the entry may move when the history changes
    if (!setCurrentAction(e.action))
        return false;
    setPayload(payload);
    m_tabs->setCurrentIndex(kFormTab);
    return true;
}

bool ComposerWidget::resendHistoryEntry(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return false;
    const auto e = m_history->entry(row);
    if (!m_version || e.version != *m_version) {
        m_sendHint->setText(tr("That message was for OCPP %1; %2 speaks %3.")
                                .arg(versionName(e.version), m_station, m_version ? versionName(*m_version) : tr("nothing yet")));
        return false;
    }
    if (!m_connected) {
        m_sendHint->setText(tr("%1 is not connected: the message can be sent once it is.").arg(m_station));
        return false;
    }
    sendPayload(e.action, e.payload);
    return true;
}

std::chrono::milliseconds ComposerWidget::responseTimeout() const { return std::chrono::seconds(m_timeout->value()); }

void ComposerWidget::setResponseTimeout(std::chrono::milliseconds timeout)
{
    m_timeout->setValue(int(std::max<qint64>(1, (timeout.count() + 999) / 1000)));
}

void ComposerWidget::onStationChanged(const StationSnapshot &snapshot)
{
    if (snapshot.identity != m_station)
        return;
    m_connected = snapshot.connected;
    updateSendState();
}

void ComposerWidget::showProblem(const QString &text) { m_sendHint->setText(text); }

} // namespace cb
