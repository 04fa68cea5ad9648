#include "pcapimporter.h"

#include "annotationpipeline.h"
#include "capturelogging.h"
#include "tcpconnection.h"

#include <QFileInfo>

#include <pcap/pcap.h>

#include <atomic>
#include <memory>
#include <unordered_map>

namespace cb {

using namespace capture;

namespace {

struct PcapCloser
{
    void operator()(pcap_t *p) const { pcap_close(p); }
};

constexpr qint64 kProgressStep = 256 * 1024;
// Records per batch handed to the annotation stage, and batches in flight at most. Small batches
// keep the parsed JSON in cache until the worker validates it (2048-record batches cost about
// 15 % more CPU); a few in flight let the two threads run without waiting on each other.
constexpr std::size_t kBatch = 256;
constexpr std::size_t kMaxInFlight = 16;
// The JSON parse of a batch is done here, as the frames are read, only while at least this many
// batches wait for the worker; otherwise the worker parses it. So the parse, about half of the
// import's CPU time, goes to whichever thread has time, and the worker parses what it then checks
// while still in cache (which costs less CPU than parsing here).
// On two free cores (80 MB benchmark) 4 to 8 gave the shortest import, 0.9 s; 1 (the reader
// parses nearly everything) 1.4 s, never (the worker parses everything) 1.2 s.
constexpr std::size_t kParseWhenWaiting = 6;

} // namespace

Result<ImportSummary> PcapImporter::import(const QString &path, const Sink &sink) const
{
    ImportSummary summary;
    summary.totalBytes = QFileInfo(path).size();
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    std::unique_ptr<pcap_t, PcapCloser> pcap(
        pcap_open_offline_with_tstamp_precision(QFile::encodeName(path).constData(), PCAP_TSTAMP_PRECISION_MICRO, errbuf));
    if (!pcap)
        return Error{tr("%1 cannot be read as a capture: %2").arg(path, QString::fromLocal8Bit(errbuf)),
                     tr("Open a pcap or pcapng file written by Wireshark, tcpdump or dumpcap.")};
    const int linkType = pcap_datalink(pcap.get());
    if (!isSupportedLinkType(linkType))
        return Error{tr("%1 uses the link type %2, which the importer does not read.")
                         .arg(path, QString::fromLatin1(pcap_datalink_val_to_name(linkType) ? pcap_datalink_val_to_name(linkType) : "?")),
                     tr("Capture on an Ethernet, loopback or \"any\" interface, or convert the file with editcap.")};

    ImportContext context;
    context.summary = &summary;
    context.validate = m_validate;
    std::unordered_map<FlowKey, std::unique_ptr<TcpConnection>, FlowKeyHash> connections;
    FILE *file = pcap_file(pcap.get());
    qint64 nextProgress = kProgressStep;
    // CALL/reply matching and schema validation run on a second thread (AnnotationPipeline) while
    // this one reads packets; the JSON parse runs on either (kParseWhenWaiting). The sink still
    // gets every record here, in file order.
    AnnotationPipeline pipeline;
    AnnotationBatch done;
    std::vector<AnnotationBatch> spare; // delivered batches, emptied, kept for their capacity
    const auto deliver = [&] {
        for (CaptureRecord &f : done.records) {
            if (!f.problem.isEmpty())
                ++summary.problems;
            sink(std::move(f));
        }
        done.records.clear();
        done.pending.clear();
        spare.push_back(std::move(done));
        done = AnnotationBatch{};
    };
    const auto submit = [&] {
        if (context.batch.records.empty())
            return;
        pipeline.submit(std::move(context.batch));
        if (spare.empty()) {
            context.batch = AnnotationBatch{};
            context.batch.records.reserve(kBatch);
            context.batch.pending.reserve(kBatch);
        } else {
            context.batch = std::move(spare.back());
            spare.pop_back();
        }
        // Hand out what is ready; wait only when too much is in flight.
        while (pipeline.takeNext(done, pipeline.inFlight() > kMaxInFlight))
            deliver();
        context.batch.parsed = pipeline.waiting() >= kParseWhenWaiting;
    };
    const auto drain = [&] {
        submit();
        while (pipeline.takeNext(done, true))
            deliver();
    };
    context.batch.records.reserve(kBatch);
    context.batch.pending.reserve(kBatch);
    // Classic pcap records are a 16-byte header plus the data; pcapng blocks are read back with
    // ftell (a system call, so only now and then).
    const bool classic = pcap_major_version(pcap.get()) == 2;
    qint64 position = 24;
    qint64 nextTell = 0;

    TcpSegment segment;
    pcap_pkthdr *header = nullptr;
    const u_char *data = nullptr;
    for (;;) {
        if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            drain();
            break;
        }
        const int rc = pcap_next_ex(pcap.get(), &header, &data);
        if (rc == PCAP_ERROR_BREAK)
            break; // end of file
        if (rc != 1) {
            summary.error = tr("The capture is truncated or corrupt after packet %1 (byte %2 of %3): %4. Everything "
                               "before that point was imported.")
                                .arg(summary.packets)
                                .arg(summary.bytesRead)
                                .arg(summary.totalBytes)
                                .arg(QString::fromLocal8Bit(pcap_geterr(pcap.get())));
            qCWarning(lcCapture) << summary.error;
            drain();
            break;
        }
        ++summary.packets;
        if (classic) {
            position += 16 + qint64(header->caplen);
            summary.bytesRead = position;
        } else if (file && summary.packets >= nextTell) {
            summary.bytesRead = ftell(file);
            nextTell = summary.packets + 256;
        }
        if (m_progress && summary.bytesRead >= nextProgress) {
            m_progress(summary.bytesRead, summary.totalBytes);
            nextProgress = summary.bytesRead + kProgressStep;
        }
        if (!decodeTcpSegment(linkType, data, header->caplen, header->len, segment))
            continue;
        context.nowUs = qint64(header->ts.tv_sec) * 1000000 + header->ts.tv_usec;
        FlowKey key;
        const bool sourceLow = std::tie(segment.source.address, segment.source.port)
            < std::tie(segment.destination.address, segment.destination.port);
        key.low = sourceLow ? segment.source : segment.destination;
        key.high = sourceLow ? segment.destination : segment.source;
        auto it = connections.find(key);
        if (it == connections.end()) {
            it = connections.emplace(key, std::make_unique<TcpConnection>(key, context)).first;
        } else if (it->second->isNewConnection(segment)) {
            // Port reuse: the old connection's records are already queued, so it can go.
            it->second->finish();
            it->second = std::make_unique<TcpConnection>(key, context);
        }
        it->second->segment(segment);
        if (context.batch.records.size() >= kBatch)
            submit();
    }
    if (!summary.cancelled) {
        // Connections still open when the capture ended: declare their holes and close them.
        for (auto &[key, connection] : connections)
            connection->finish(true);
        drain();
    }
    if (file && summary.error.isEmpty())
        summary.bytesRead = summary.totalBytes;
    if (m_progress)
        m_progress(summary.bytesRead, summary.totalBytes);
    return summary;
}

} // namespace cb
