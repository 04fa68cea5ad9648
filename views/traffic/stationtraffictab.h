#pragma once

#include "captureview.h"

namespace cb {

class Workspace;

// The station page's Traffic tab: the capture database of the running workspace, narrowed to the
// selected station, following its live traffic (new rows as the capture writer commits them).
// Opens the database only when first shown, so a hidden tab costs nothing.
class StationTrafficTab : public CaptureView
{
    Q_OBJECT
public:
    explicit StationTrafficTab(Workspace &workspace, QWidget *parent = nullptr);

    void setStation(const QString &identity);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void ensureOpen();

    Workspace &m_workspace;
};

} // namespace cb
