#pragma once

#include "hardwarestate.h"

#include <QWidget>

namespace cb {

// The control pilot state as one large coloured letter (A green ... F red), readable from a
// distance; the meaning is below the letter and in the accessible name.
class CpStateBadge : public QWidget
{
    Q_OBJECT
public:
    explicit CpStateBadge(QWidget *parent = nullptr);

    void setState(serial::CpState state, const QString &detail = QString());
    void setStale(bool stale); // drawn faded while the link is down: the letter is the last known
    serial::CpState state() const { return m_state; }
    QString letter() const;
    QColor color() const;
    bool isStale() const { return m_stale; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateAccessibleText();

    serial::CpState m_state = serial::CpState::Unknown;
    QString m_detail;
    bool m_stale = false;
};

} // namespace cb
