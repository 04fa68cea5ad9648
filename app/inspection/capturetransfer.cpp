#include "capturetransfer.h"

#include "capturejsonlreader.h"
#include "capturejsonlwriter.h"
#include "capturequery.h"
#include "inspectionlogging.h"
#include "storage/capturewriter.h"

namespace cb {

Result<qint64> CaptureTransfer::exportJsonl(Database &db, const CaptureSelection &selection, QIODevice &out)
{
    CaptureJsonlWriter writer(out);
    if (auto h = writer.writeHeader(selection.toJson()); !h)
        return h.error();
    std::optional<Error> failure;
    auto walked = CaptureQuery(db).forEachPage(selection, [&](const QList<StoredCaptureRecord> &page) {
        for (const StoredCaptureRecord &r : page) {
            if (auto ok = writer.write(r); !ok) {
                failure = ok.error();
                return false;
            }
        }
        return true;
    });
    if (!walked)
        return walked.error();
    if (failure)
        return *failure;
    qCDebug(lcInspection) << "exported" << writer.written() << "records";
    return writer.written();
}

Result<qint64> CaptureTransfer::importJsonl(QIODevice &in, CaptureWriter &writer)
{
    if (!writer.isOpen())
        return Error{tr("The capture database is not open."), tr("Open it before importing.")};
    CaptureJsonlReader reader(in);
    if (auto h = reader.readHeader(); !h)
        return h.error();
    qint64 count = 0;
    QList<CaptureRecord> batch;
    for (;;) {
        auto next = reader.next();
        if (!next)
            return Error{next.error().message + QLatin1Char(' ') +
                             tr("%n record(s) before it were imported.", nullptr, int(count - batch.size())),
                         next.error().hint};
        if (!next.value())
            break;
        batch.append(next.value()->record);
        ++count;
        // The writer batches anyway; handing over chunks keeps its queue (and our memory) small.
        if (batch.size() >= 5000) {
            writer.append(batch);
            batch.clear();
            if (auto f = writer.flush(); !f)
                return f.error();
        }
    }
    writer.append(batch);
    if (auto f = writer.flush(); !f)
        return f.error();
    return count;
}

} // namespace cb
