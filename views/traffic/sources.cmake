# Traffic views: the lazy capture list (fed by CaptureSession from app/capturebrowse, which does the
# SQLite reads on its threads), the station Traffic tab, the capture window (File > Open capture),
# the sequence diagram. The live dock's files are listed in views/CMakeLists.txt.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/capturefilterbar.cpp
    ${CMAKE_CURRENT_LIST_DIR}/capturetablemodel.cpp ${CMAKE_CURRENT_LIST_DIR}/capturetablemodel.h
    ${CMAKE_CURRENT_LIST_DIR}/captureview.cpp ${CMAKE_CURRENT_LIST_DIR}/captureview.h
    ${CMAKE_CURRENT_LIST_DIR}/captureviewcommands.cpp
    ${CMAKE_CURRENT_LIST_DIR}/capturewindow.cpp ${CMAKE_CURRENT_LIST_DIR}/capturewindow.h
    ${CMAKE_CURRENT_LIST_DIR}/framedetail.cpp ${CMAKE_CURRENT_LIST_DIR}/framedetail.h
    ${CMAKE_CURRENT_LIST_DIR}/lintfindingsmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/lintfindingsmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.cpp ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagramdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/sequencediagramdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/stationtraffictab.cpp ${CMAKE_CURRENT_LIST_DIR}/stationtraffictab.h
)
target_link_libraries(chargebench_views PUBLIC chargebench_inspection)
