#pragma once

#include "devicemodel/reportassembler.h"
#include "devicemodel/reportrequest.h"

#include <QCoreApplication>
#include <QTimer>

#include <optional>

namespace cb {

struct DeviceModelContext;

// Reads a report: GetBaseReport / GetReport on 2.x, assembling the NotifyReport pages as they
// come (out of order, duplicated, or not at all: each page gets the page timeout), or
// GetConfiguration on 1.6 in batches of GetConfigurationMaxKeys. One read at a time; a complete
// report is stored as a snapshot and becomes the model, a broken one is stored as incomplete.
class ReportReader
{
    Q_DECLARE_TR_FUNCTIONS(cb::DeviceModelService)
public:
    explicit ReportReader(DeviceModelContext &context);

    // Emits reportStarted, reportProgress, then reportCompleted or reportFailed with `op`.
    void start(int op, const dm::ReportRequest &request);
    bool isReading() const { return m_read.has_value(); }

private:
    struct Read
    {
        int op = 0;
        dm::ReportRequest request;
        dm::ReportAssembler assembler;
        bool accepted = false; // the station accepted the request (2.x)
    };

    void onPage(const QJsonObject &page);
    void onPageTimeout();
    void armPageTimer();
    void finish();
    void fail(const QString &message);
    void failLater(int op, const QString &message);
    void readConfiguration(int op, const dm::ReportRequest &request);

    DeviceModelContext &d;
    std::optional<Read> m_read;
    QTimer m_pageTimer;
    int m_nextRequestId = 0;
};

} // namespace cb
