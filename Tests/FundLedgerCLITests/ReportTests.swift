import Foundation
import FundLedger
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The HTML report, the Sankey SVG and the exports, run through the CLI.
final class ReportTests: XCTestCase {
  let sample = SampleLedgerTests.root + "/events/xinjiang-sme-2023.jsonl"

  /// Collects elements and attributes from an SVG, failing on anything that is not well-formed XML.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements.append((name, attributes))
    }
  }

  func parseSVG(_ path: String) throws -> Collector {
    let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
    let collector = Collector()
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "SVG must be well-formed XML: \(String(describing: parser.parserError))")
    return collector
  }

  func hundredths(_ text: String) -> Int64 {
    let parts = text.split(separator: ".")
    let fraction = parts.count > 1 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "0"
    return Int64(parts[0])! * 100 + Int64(fraction)!
  }

  func testTheSankeyParsesAndBandsAddUpAtEveryNode() throws {
    let directory = Binary.temporaryDirectory()
    let run = try Binary.run(["report", "--svg", directory + "/flows.svg", "--at", "2023-12-31"], ledger: sample)
    XCTAssertEqual(run.code, 0, run.stderr)
    let svg = try parseSVG(directory + "/flows.svg")
    let bands = svg.elements.filter { $0.name == "path" && $0.attributes["class"] == "band" }
    let nodes = svg.elements.filter { $0.name == "g" && $0.attributes["class"] == "node" }
    XCTAssertGreaterThan(bands.count, 50)
    var inWidth: [String: Int64] = [:]
    var outWidth: [String: Int64] = [:]
    var inFen: [String: Int64] = [:]
    var bandsIn: [String: Int] = [:]
    var bandsOut: [String: Int] = [:]
    for band in bands {
      let width = hundredths(band.attributes["data-width"]!)
      outWidth[band.attributes["data-from"]!, default: 0] += width
      inWidth[band.attributes["data-to"]!, default: 0] += width
      inFen[band.attributes["data-to"]!, default: 0] += Int64(band.attributes["data-fen"]!)!
      bandsOut[band.attributes["data-from"]!, default: 0] += 1
      bandsIn[band.attributes["data-to"]!, default: 0] += 1
    }
    for node in nodes {
      let index = node.attributes["data-index"]!
      let height = hundredths(node.attributes["data-height"]!)
      // Each band's width is rounded to 1/100 px on its own: the sums may drift by that much per band.
      if let total = inWidth[index] {
        XCTAssertLessThanOrEqual(abs(total - height), max(100, Int64(bandsIn[index]!)), "node \(index) in")
        XCTAssertEqual(inFen[index], Int64(node.attributes["data-in-fen"]!), "exact fen into node \(index)")
      }
      if let total = outWidth[index],
        Int64(node.attributes["data-out-fen"]!)! >= Int64(node.attributes["data-in-fen"]!)!
      {
        XCTAssertLessThanOrEqual(abs(total - height), max(100, Int64(bandsOut[index]!)), "node \(index) out")
      }
    }
    let text = try String(contentsOfFile: directory + "/flows.svg", encoding: .utf8)
    XCTAssertTrue(
      text.contains("财政部（中央财政预算） → 新疆维吾尔自治区: 2409 万元 (2409000000 分); 文号 财建〔2022〕393号、财建〔2023〕103号、财建〔2023〕122号"),
      "band titles carry exact amounts and documents")
    XCTAssertTrue(text.contains("哈密市 → 滞留 / 未支付: 26 万元 (26000000 分)"))
  }

  func testTheHTMLReportIsSelfContainedAndItsAmountsAreTheJSONReports() throws {
    let directory = Binary.temporaryDirectory()
    let run = try Binary.run(["report", "--html", directory + "/report.html", "--at", "2023-12-31"], ledger: sample)
    XCTAssertEqual(run.code, 0, run.stderr)
    let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
    XCTAssertFalse(html.contains("<script"))
    XCTAssertFalse(
      html.contains("http://")
        && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
    XCTAssertFalse(html.contains("https://"))
    XCTAssertFalse(html.contains("<img"))
    XCTAssertTrue(html.contains("@page { size: A4"))
    XCTAssertTrue(html.contains("链头哈希 "))
    // Every amount in the status table equals the JSON report's, cell by cell.
    let json = try Binary.run(["status", "--at", "2023-12-31", "--format", "json", "--no-snapshots"], ledger: sample)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    var expected: [Int] = []
    for row in (object["rows"] as! [[String: Any]]) + (object["totals"] as! [[String: Any]]) {
      for key in ["budgeted", "arrived", "passed_down", "paid", "held"] { expected.append(row[key + "_fen"] as! Int) }
    }
    let table = html.components(separatedBy: "<table id=\"status\">")[1].components(separatedBy: "</table>")[0]
    let found = table.components(separatedBy: "data-fen=\"").dropFirst().map { Int($0.prefix { $0 != "\"" })! }
    XCTAssertEqual(found, expected)
    XCTAssertTrue(
      html.contains("no evaluations recorded by 2023-12-31"), "evaluations dated later are not in a report as of 2023")
    let later = try Binary.run(["report", "--html", directory + "/later.html"], ledger: sample)
    XCTAssertEqual(later.code, 0, later.stderr)
    let laterHTML = try String(contentsOfFile: directory + "/later.html", encoding: .utf8)
    XCTAssertTrue(
      laterHTML.contains("<td data-key=\"score\">82.3</td><td data-key=\"grade\">良</td>"),
      "the evaluation score is in the report")
    XCTAssertTrue(laterHTML.contains("哈密市 executed 39 万元 of 65 万元"), "the audit finding is in the report")
  }

  func testThreeHundredRecipientsKeepTheirLabelsApart() throws {
    let directory = Binary.temporaryDirectory()
    let ledger = directory + "/many.jsonl"
    _ = try Binary.run(["init", ledger], ledger: ledger)
    var lines = [
      #"{"id":"h1","type":"open","date":"2023-01-01","holder":"mof","name":"财政部","level":"central"}"#,
      #"{"id":"h2","type":"open","date":"2023-01-01","holder":"p","name":"某省","level":"province","parent":"mof"}"#,
      #"{"id":"g1","type":"define","date":"2023-01-01","program":"g","name":"专项","source":"central"}"#,
    ]
    for c in 0..<3 {
      lines.append(
        #"{"id":"c\#(c)","type":"open","date":"2023-01-01","holder":"c\#(c)","name":"市\#(c)","level":"prefecture","parent":"p"}"#
      )
    }
    for r in 0..<300 {
      lines.append(
        #"{"id":"r\#(r)","type":"open","date":"2023-01-01","holder":"r\#(r)","name":"企业\#(r)号有限公司","level":"recipient","parent":"c\#(r % 3)"}"#
      )
    }
    lines.append(
      #"{"id":"a","type":"allocate","date":"2023-01-02","from":"mof","to":"p","program":"g","budget_year":2023,"amount_fen":300000000000}"#
    )
    for c in 0..<3 {
      lines.append(
        #"{"id":"rd\#(c)","type":"redistribute","date":"2023-01-03","from":"p","to":"c\#(c)","program":"g","budget_year":2023,"amount_fen":100000000000}"#
      )
    }
    for r in 0..<300 {
      lines.append(
        #"{"id":"d\#(r)","type":"disburse","date":"2023-01-04","from":"c\#(r % 3)","to":"r\#(r)","program":"g","budget_year":2023,"amount_fen":\#(100_000 + r * 1000)}"#
      )
    }
    XCTAssertEqual(
      try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n").code, 0)
    for groupAbove in ["400", "12"] {
      let run = try Binary.run(
        ["report", "--svg", directory + "/many.svg", "--group-above", groupAbove], ledger: ledger)
      XCTAssertEqual(run.code, 0, run.stderr)
      let svg = try parseSVG(directory + "/many.svg")
      var columnOf: [Int: String] = [:]
      var labels: [(column: String, y: Int64)] = []
      var nodeIndex = 0
      for element in svg.elements {
        if element.name == "g", element.attributes["class"] == "node" {
          columnOf[nodeIndex] = element.attributes["data-column"]
          nodeIndex += 1
        }
        if element.name == "text", element.attributes["class"] == "label" {
          labels.append((columnOf[nodeIndex - 1]!, hundredths(element.attributes["y"]!)))
        }
      }
      XCTAssertEqual(labels.count, nodeIndex)
      for column in Set(labels.map(\.column)) {
        let ys = labels.filter { $0.column == column }.map(\.y).sorted()
        for (a, b) in zip(ys, ys.dropFirst()) {
          XCTAssertGreaterThanOrEqual(b - a, 1_400, "labels in column \(column) at least 14 px apart")
        }
      }
      let text = try String(contentsOfFile: directory + "/many.svg", encoding: .utf8)
      if groupAbove == "12" {
        XCTAssertTrue(text.contains(">其他 89 家 "), "each payer's 100 recipients show the 11 largest and group 89")
        XCTAssertTrue(text.contains("的收款单位中金额较小的 89 家合并显示"))
      } else {
        XCTAssertEqual(labels.count, 1 + 1 + 3 + 300 + 3, "budget, province, 3 prefectures, 300 firms, 3 滞留")
      }
    }
  }

  func testExportsRoundTrip() throws {
    let directory = Binary.temporaryDirectory()
    let run = try Binary.run(
      ["export", "--csv", directory + "/csv", "--fdp", directory + "/fdp", "--at", "2023-12-31"], ledger: sample)
    XCTAssertEqual(run.code, 0, run.stderr)
    // Fiscal data: read the CSV back and total each phase; the ledger's own figures must come out.
    let fiscal = try String(contentsOfFile: directory + "/fdp/fiscal.csv", encoding: .utf8).components(
      separatedBy: "\r\n"
    ).dropFirst().filter { !$0.isEmpty }
    var totals: [String: Int64] = [:]
    func fen(_ text: String) -> Int64 { try! Money.parse(text) }
    for line in fiscal {
      let cells = line.components(separatedBy: ",")
      guard cells[0] == "xj" || cells[2] == "prefecture" || cells[0] == "xj-benji" else { continue }
      if cells[3].hasPrefix("rs-") {
        totals[cells[7] + (cells[0] == "xj" ? ":issuer" : ":below"), default: 0] += fen(cells[8])
      }
    }
    XCTAssertEqual(totals["arrived:issuer"], 7_900_000_000, "the region issued its own 7,900")
    XCTAssertEqual(
      totals["paid:below"], 6_873_998_300, "prefectures 1,874 + 本级 4,999.9983 (再担保 is paid straight by the region)")
    let package =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: directory + "/fdp/datapackage.json"))) as! [String: Any]
    let measures = (package["model"] as! [String: Any])["measures"] as! [String: Any]
    XCTAssertEqual((measures["amount"] as! [String: Any])["currency"] as? String, "CNY")
    XCTAssertEqual((measures["amount"] as! [String: Any])["factor"] as? Int, 10000)
    let dimensions = (package["model"] as! [String: Any])["dimensions"] as! [String: Any]
    XCTAssertEqual(Set(dimensions.keys), ["holder", "program", "budget_year", "phase"])
    // Events: one row per event, amounts back to the same total.
    let events = try String(contentsOfFile: directory + "/csv/events.csv", encoding: .utf8)
    XCTAssertTrue(events.hasPrefix("seq,id,type,date,date_precision,date_text"))
    XCTAssertTrue(events.contains(",allocate-393,allocate,2022-11-30,month,2022-11,"))
    let status = try String(contentsOfFile: directory + "/csv/status.csv", encoding: .utf8)
    XCTAssertTrue(
      status.contains("hami,哈密市,71930000,71.93,71930000,71.93,0,0,45930000,45.93,26000000,26,100.00%,63.85%"), status)
  }
}
