# Traffic views (issue 7): the lazy capture list over SQLite, the station Traffic tab, the capture
# window (File > Open capture), the sequence diagram. The live dock's files are listed in
# views/CMakeLists.txt.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/captureimportjob.cpp ${CMAKE_CURRENT_LIST_DIR}/captureimportjob.h
    ${CMAKE_CURRENT_LIST_DIR}/captureindexer.cpp ${CMAKE_CURRENT_LIST_DIR}/captureindexer.h
    ${CMAKE_CURRENT_LIST_DIR}/capturereader.cpp ${CMAKE_CURRENT_LIST_DIR}/capturereader.h
    ${CMAKE_CURRENT_LIST_DIR}/capturesession.cpp ${CMAKE_CURRENT_LIST_DIR}/capturesession.h
    ${CMAKE_CURRENT_LIST_DIR}/capturetablemodel.cpp ${CMAKE_CURRENT_LIST_DIR}/capturetablemodel.h
    ${CMAKE_CURRENT_LIST_DIR}/captureview.cpp ${CMAKE_CURRENT_LIST_DIR}/captureview.h
    ${CMAKE_CURRENT_LIST_DIR}/capturewindow.cpp ${CMAKE_CURRENT_LIST_DIR}/capturewindow.h
    ${CMAKE_CURRENT_LIST_DIR}/framedetail.cpp ${CMAKE_CURRENT_LIST_DIR}/framedetail.h
    ${CMAKE_CURRENT_LIST_DIR}/lintfindingsmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/lintfindingsmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.cpp ${CMAKE_CURRENT_LIST_DIR}/sequencediagram.h
    ${CMAKE_CURRENT_LIST_DIR}/sequencediagramdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/sequencediagramdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/stationtraffictab.cpp ${CMAKE_CURRENT_LIST_DIR}/stationtraffictab.h
)
target_link_libraries(chargebench_views PUBLIC chargebench_inspection)
