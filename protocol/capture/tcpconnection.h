#pragma once

#include "annotationpipeline.h"
#include "capturerecord.h"
#include "importsummary.h"
#include "ocppannotator.h"
#include "tcpsegment.h"
#include "tcpstream.h"
#include "websocketreader.h"

#include <QByteArray>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace cb::capture {

// What every connection of one import shares: the output queue, the clock and the counters.
struct ImportContext
{
    AnnotationBatch batch; // records in file order; handed to the annotation stage when full
    // Every connection's annotator, kept until the import ends: frames queued for the annotation
    // stage still point to the annotator of a connection that has already gone.
    std::vector<std::unique_ptr<OcppAnnotator>> annotators;
    qint64 nowUs = 0;               // timestamp of the packet being processed
    qint64 nextConnectionId = 1;
    ImportSummary *summary = nullptr;
    bool validate = true;
};

// One TCP connection of a capture: reassembles both directions, reads the HTTP upgrade and then
// the WebSocket messages, and turns them into CaptureRecords. Sides are indexed by the flow key:
// 0 is key.low, 1 is key.high; which one is the station is learnt from the SYN or the request.
class TcpConnection
{
public:
    TcpConnection(const FlowKey &key, ImportContext &context);
    ~TcpConnection();

    void segment(const TcpSegment &s);
    // End of capture: flushes what waits behind holes and closes the connection's record.
    void finish(bool endOfCapture = false);

    bool isFinished() const { return m_finished; }
    // A SYN with another initial sequence number on this address pair starts a new connection.
    bool isNewConnection(const TcpSegment &s) const;

private:
    enum class Phase { Start, Http, WaitingUpgrade, WebSocket, Ignored };
    struct Side;

    void onBytes(int side, const quint8 *data, quint32 length);
    void onGap(int side, quint64 missing);
    void onMessage(int side, WebSocketMessage &m);
    void requestComplete(qsizetype headerEnd);
    void responseComplete(qsizetype headerEnd);
    void ignore();
    void markEncrypted();
    void emitClosed(int code, const QString &reason);
    void emitNote(const QString &problem, const QByteArray &data = {});
    QString endpointText(int side) const;
    bool isClient(int side) const { return side == m_clientSide; }

    FlowKey m_key;
    ImportContext &m_context;
    std::unique_ptr<Side> m_sides[2];
    int m_clientSide = -1;
    bool m_fin[2] = {false, false};
    bool m_finished = false;
    bool m_opened = false;
    bool m_closed = false;
    bool m_encrypted = false;
    qint64 m_id = 0;
    QString m_identity;
    QByteArray m_requestJson;
    QStringList m_offeredExtensions;
    std::optional<OcppVersion> m_version;
    QString m_subprotocol;
    OcppAnnotator *m_annotator = nullptr; // owned by the context
    int m_closeCode = 0;
    QString m_closeReason;
};

} // namespace cb::capture
