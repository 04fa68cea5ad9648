#include "pcapimporter.h"

#include "capturelogging.h"
#include "tcpconnection.h"

#include <QFileInfo>

#include <pcap/pcap.h>

#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>

namespace cb {

using namespace capture;

namespace {

struct PcapCloser
{
    void operator()(pcap_t *p) const { pcap_close(p); }
};

constexpr qint64 kProgressStep = 256 * 1024;
// Frames collected before their schema checks run (in parallel) and they are handed out.
constexpr std::size_t kBatch = 2048;

// Runs the batch's schema checks on all cores: each check touches only its own frame, and
// SchemaValidator is thread-safe.
void runChecks(ImportContext &context)
{
    auto &checks = context.checks;
    if (checks.empty())
        return;
    std::atomic_size_t next = 0;
    auto work = [&] {
        for (std::size_t i = next++; i < checks.size(); i = next++)
            checks[i].second.run(context.out[checks[i].first]);
    };
    const int helpers = checks.size() < 64 ? 0 : std::clamp(QThread::idealThreadCount() - 1, 0, 15);
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(helpers));
    for (int i = 0; i < helpers; ++i)
        threads.emplace_back(work);
    work();
    for (auto &t : threads)
        t.join();
    checks.clear();
}

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
    auto drain = [&] {
        runChecks(context);
        for (CapturedFrame &f : context.out) {
            if (!f.problem.isEmpty())
                ++summary.problems;
            sink(std::move(f));
        }
        context.out.clear();
    };
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
        if (context.out.size() >= kBatch)
            drain();
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
