#include "devicemodel/reportassembler.h"

#include <QJsonArray>

namespace cb::dm {

ReportAssembler::PageOutcome ReportAssembler::addPage(const QJsonObject &notifyReport)
{
    if (notifyReport.value(QLatin1String("requestId")).toInt() != m_requestId)
        return PageOutcome::WrongRequest;
    const int seqNo = notifyReport.value(QLatin1String("seqNo")).toInt();
    if (m_pages.contains(seqNo))
        return PageOutcome::Duplicate;
    if (m_lastSeqNo >= 0 && seqNo > m_lastSeqNo)
        return PageOutcome::AfterLast; // the station said an earlier page was the last one
    const bool tbc = notifyReport.value(QLatin1String("tbc")).toBool(false);
    if (!tbc)
        m_lastSeqNo = seqNo;
    m_highestSeqNo = std::max(m_highestSeqNo, seqNo);
    const QJsonArray data = notifyReport.value(QLatin1String("reportData")).toArray();
    m_entries += data.size();
    m_pages.insert(seqNo, data);
    if (m_generatedAt.isEmpty())
        m_generatedAt = notifyReport.value(QLatin1String("generatedAt")).toString();
    return PageOutcome::Added;
}

bool ReportAssembler::isComplete() const
{
    return m_lastSeqNo >= 0 && m_pages.size() == m_lastSeqNo + 1;
}

QList<int> ReportAssembler::missingPages() const
{
    QList<int> missing;
    const int upTo = m_lastSeqNo >= 0 ? m_lastSeqNo : m_highestSeqNo;
    for (int i = 0; i < upTo; ++i)
        if (!m_pages.contains(i))
            missing.append(i);
    return missing;
}

DeviceModel ReportAssembler::model() const
{
    DeviceModel model;
    for (const QJsonArray &page : m_pages)
        for (const QJsonValue &v : page)
            if (v.isObject())
                model.upsert(DeviceModelEntry::fromJson(v.toObject()));
    return model;
}

} // namespace cb::dm
