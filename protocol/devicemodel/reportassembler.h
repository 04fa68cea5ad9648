#pragma once

#include "devicemodel/devicemodel.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>

namespace cb::dm {

// Assembles one report (2.x NotifyReport pages of one requestId) across seqNo/tbc.
// Pages may arrive in any order; a page whose seqNo was already seen is ignored (a retry of the
// station after a lost CALLRESULT). The report is complete when the page with tbc=false has
// arrived and every seqNo below it too. Pages are merged in seqNo order, so the entry order does
// not depend on arrival order.
class ReportAssembler
{
public:
    enum class PageOutcome { Added, Duplicate, WrongRequest, AfterLast };

    explicit ReportAssembler(int requestId = 0) : m_requestId(requestId) {}

    int requestId() const { return m_requestId; }
    // One NotifyReportRequest payload.
    PageOutcome addPage(const QJsonObject &notifyReport);

    bool lastPageSeen() const { return m_lastSeqNo >= 0; }
    bool isComplete() const;
    // seqNos below the last page (or below the highest seen, when the last has not come) that
    // have not arrived.
    QList<int> missingPages() const;
    int pagesReceived() const { return int(m_pages.size()); }
    qsizetype entriesReceived() const { return m_entries; }
    QString generatedAt() const { return m_generatedAt; }

    // The entries of every page received so far, in seqNo order.
    DeviceModel model() const;

private:
    int m_requestId = 0;
    int m_lastSeqNo = -1;
    int m_highestSeqNo = -1;
    qsizetype m_entries = 0;
    QString m_generatedAt;
    QMap<int, QJsonArray> m_pages; // seqNo -> reportData
};

} // namespace cb::dm
