#pragma once

#include "common/result.h"
#include "storage/storedcapturerecord.h"

#include <QColor>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QPolygonF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>

class QPainter;

namespace cb {

// A sequence diagram of a range of captured frames: one lane per station and one for the CSMS,
// an arrow per frame labelled with its action and, for replies, the status they carry
// ("BootNotification: Accepted"). Laid out once into simple shapes that are drawn with QPainter
// (screen, PNG) or written as SVG text, so both exports show exactly the same picture.
class SequenceDiagram
{
    Q_DECLARE_TR_FUNCTIONS(cb::SequenceDiagram)
public:
    struct Shape
    {
        enum Kind { Line, Arrowhead, Text, Box };
        Kind kind = Line;
        QPointF from, to; // Line
        QPolygonF polygon; // Arrowhead
        QRectF rect; // Box; Text: the anchor point is rect.topLeft() (baseline), centred when `centred`
        QString text;
        QColor color;
        bool dashed = false;
        bool bold = false;
        bool centred = false;
        bool backdrop = false; // Text: on a white box
        int fontPx = 12;
    };

    static constexpr int kMaxSteps = 2000;

    static SequenceDiagram fromRecords(const QList<StoredCaptureRecord> &records);
    // The status a reply payload reports: status, idTagInfo.status, idTokenInfo.status; empty when none.
    static QString replyStatus(const QJsonObject &payload);
    // The arrow label of one record ("Authorize", "Authorize: Accepted", "Reset: CALLERROR NotSupported").
    static QString label(const CaptureRecord &record);

    QStringList lanes() const { return m_lanes; }
    QStringList labels() const;
    int stepCount() const { return m_steps; }
    QSize size() const { return m_size; }
    const QList<Shape> &shapes() const { return m_shapes; }

    void paint(QPainter &painter) const;
    QString toSvg() const;
    Status<> savePng(const QString &path) const;
    Status<> saveSvg(const QString &path) const;

private:
    QStringList m_lanes;
    QList<Shape> m_shapes;
    QSize m_size;
    int m_steps = 0;
};

} // namespace cb
