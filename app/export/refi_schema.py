"""The REFI-QDA documents' structure as XML Schema, written for this app from the standard's QDA-XML 1.0
(release of 18 March 2019): the project (``urn:QDA-XML:project:1.0``) and the codebook
(``urn:QDA-XML:codebook:1.0``).

The consortium's ``Project.xsd`` and ``Codebook.xsd`` ship in no package this project can install,
so these schemas are this app's own spelling of them, checked section by section against the published
ones: the same elements in the same order with the same occurrences, the same attributes, required
where the standard requires them, and the same types (GUIDs with or without braces, ``#RRGGBB`` or
``#RGB`` colours, integers, dates). A document valid here is valid against the standard's schema and
the other way round; nothing is left open, so a project another tool wrote outside the standard is
refused with the standard's reason rather than half read. Where the standard repeats itself (the
reference types, the selections' common content, the sources' attributes) these schemas say it once,
as groups; that changes no document's validity.

The two namespaces define ``Code`` differently: a project's code may hold ``NoteRef`` elements, a
codebook's may not, and a codebook's ``Set`` lists its codes as ``MemberCode guid=...`` where a
project's says ``targetGUID``.
"""

from __future__ import annotations

_TYPES = """
  <xs:simpleType name="GUIDType">
    <xs:restriction base="xs:token">
      <xs:pattern value="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"/>
      <xs:pattern value="\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="RGBType">
    <xs:restriction base="xs:token">
      <xs:pattern value="#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:attributeGroup name="Named">
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string" use="required"/>
  </xs:attributeGroup>
"""


def _code_type(note_refs: bool) -> str:
    notes = '<xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>' if note_refs else ""
    return f"""
  <xs:complexType name="CodesType">
    <xs:sequence>
      <xs:element name="Code" type="CodeType" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="CodeType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      {notes}
      <xs:element name="Code" type="CodeType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attributeGroup ref="Named"/>
    <xs:attribute name="isCodable" type="xs:boolean" use="required"/>
    <xs:attribute name="color" type="RGBType"/>
  </xs:complexType>
"""


def _media_source(kind: str) -> str:
    """Audio and video sources: the same shape, their selections named for their kind."""
    return f"""
  <xs:complexType name="{kind}SourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="Transcript" type="TranscriptType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="{kind}Selection" type="MediaSelectionType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:group ref="SourceEnd"/>
    </xs:sequence>
    <xs:attributeGroup ref="SourceAttributes"/>
  </xs:complexType>
"""


CODEBOOK_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:codebook:1.0"
           targetNamespace="urn:QDA-XML:codebook:1.0" elementFormDefault="qualified">
  <xs:element name="CodeBook">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Codes" type="CodesType"/>
        <xs:element name="Sets" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Set" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="Description" type="xs:string" minOccurs="0"/>
                    <xs:element name="MemberCode" minOccurs="0" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:attribute name="guid" type="GUIDType" use="required"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:sequence>
                  <xs:attributeGroup ref="Named"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="origin" type="xs:string"/>
    </xs:complexType>
  </xs:element>
{_code_type(note_refs=False)}
{_TYPES}
</xs:schema>
"""

PROJECT_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:project:1.0"
           targetNamespace="urn:QDA-XML:project:1.0" elementFormDefault="qualified">
  <xs:element name="Project">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Users" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="User" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="guid" type="GUIDType" use="required"/>
                  <xs:attribute name="name" type="xs:string"/>
                  <xs:attribute name="id" type="xs:string"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="CodeBook" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Codes" type="CodesType"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Variables" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Variable" type="VariableType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Cases" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Case" type="CaseType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Sources" minOccurs="0">
          <xs:complexType>
            <xs:choice maxOccurs="unbounded">
              <xs:element name="TextSource" type="TextSourceType"/>
              <xs:element name="PictureSource" type="PictureSourceType"/>
              <xs:element name="PDFSource" type="PDFSourceType"/>
              <xs:element name="AudioSource" type="AudioSourceType"/>
              <xs:element name="VideoSource" type="VideoSourceType"/>
            </xs:choice>
          </xs:complexType>
        </xs:element>
        <xs:element name="Notes" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Note" type="TextSourceType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Links" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Link" type="LinkType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Sets" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Set" type="SetType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Graphs" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="Graph" type="GraphType" maxOccurs="unbounded"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Description" type="xs:string" minOccurs="0"/>
        <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="origin" type="xs:string"/>
      <xs:attribute name="creatingUserGUID" type="GUIDType"/>
      <xs:attribute name="creationDateTime" type="xs:dateTime"/>
      <xs:attribute name="modifyingUserGUID" type="GUIDType"/>
      <xs:attribute name="modifiedDateTime" type="xs:dateTime"/>
      <xs:attribute name="basePath" type="xs:string"/>
    </xs:complexType>
  </xs:element>

  <!-- CodeRef, NoteRef, SourceRef, SelectionRef, VariableRef, MemberCode/Source/Note: one shape. -->
  <xs:complexType name="RefType">
    <xs:attribute name="targetGUID" type="GUIDType" use="required"/>
  </xs:complexType>
  <xs:attributeGroup name="Stamps">
    <xs:attribute name="creatingUser" type="GUIDType"/>
    <xs:attribute name="creationDateTime" type="xs:dateTime"/>
    <xs:attribute name="modifyingUser" type="GUIDType"/>
    <xs:attribute name="modifiedDateTime" type="xs:dateTime"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="Identified">
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="Corners">
    <xs:attribute name="firstX" type="xs:integer" use="required"/>
    <xs:attribute name="firstY" type="xs:integer" use="required"/>
    <xs:attribute name="secondX" type="xs:integer" use="required"/>
    <xs:attribute name="secondY" type="xs:integer" use="required"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="SourceAttributes">
    <xs:attributeGroup ref="Identified"/>
    <xs:attribute name="path" type="xs:string"/>
    <xs:attribute name="currentPath" type="xs:string"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="TextAttributes">
    <xs:attributeGroup ref="Identified"/>
    <xs:attribute name="richTextPath" type="xs:string"/>
    <xs:attribute name="plainTextPath" type="xs:string"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:attributeGroup>
  <xs:group name="CodingsAndNotes">
    <xs:sequence>
      <xs:element name="Coding" type="CodingType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:group>
  <xs:group name="SourceEnd">
    <xs:sequence>
      <xs:group ref="CodingsAndNotes"/>
      <xs:element name="VariableValue" type="VariableValueType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:group>
  <!-- What every selection but a PDF's holds: a description, its codings and notes. -->
  <xs:complexType name="SelectionContent">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:group ref="CodingsAndNotes"/>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="CodingType">
    <xs:sequence>
      <xs:element name="CodeRef" type="RefType"/>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="creatingUser" type="GUIDType"/>
    <xs:attribute name="creationDateTime" type="xs:dateTime"/>
  </xs:complexType>

  <xs:complexType name="VariableType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
    </xs:sequence>
    <xs:attributeGroup ref="Named"/>
    <xs:attribute name="typeOfVariable" use="required">
      <xs:simpleType>
        <xs:restriction base="xs:token">
          <xs:enumeration value="Text"/>
          <xs:enumeration value="Boolean"/>
          <xs:enumeration value="Integer"/>
          <xs:enumeration value="Float"/>
          <xs:enumeration value="Date"/>
          <xs:enumeration value="DateTime"/>
        </xs:restriction>
      </xs:simpleType>
    </xs:attribute>
  </xs:complexType>
  <xs:complexType name="VariableValueType">
    <xs:sequence>
      <xs:element name="VariableRef" type="RefType"/>
      <xs:choice minOccurs="0">
        <xs:element name="TextValue" type="xs:string"/>
        <xs:element name="BooleanValue" type="xs:boolean"/>
        <xs:element name="IntegerValue" type="xs:integer"/>
        <xs:element name="FloatValue" type="xs:decimal"/>
        <xs:element name="DateValue" type="xs:date"/>
        <xs:element name="DateTimeValue" type="xs:dateTime"/>
      </xs:choice>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="CaseType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="CodeRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="VariableValue" type="VariableValueType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="SourceRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="SelectionRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attributeGroup ref="Identified"/>
  </xs:complexType>
  <xs:complexType name="SetType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="MemberCode" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="MemberSource" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="MemberNote" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attributeGroup ref="Named"/>
  </xs:complexType>

  <xs:complexType name="TextSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextContent" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextSelection" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:complexContent>
            <xs:extension base="SelectionContent">
              <xs:attributeGroup ref="Identified"/>
              <xs:attribute name="startPosition" type="xs:integer" use="required"/>
              <xs:attribute name="endPosition" type="xs:integer" use="required"/>
              <xs:attributeGroup ref="Stamps"/>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
      </xs:element>
      <xs:group ref="SourceEnd"/>
    </xs:sequence>
    <xs:attributeGroup ref="TextAttributes"/>
  </xs:complexType>
  <xs:complexType name="PictureSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="TextDescription" type="TextSourceType" minOccurs="0"/>
      <xs:element name="PictureSelection" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:complexContent>
            <xs:extension base="SelectionContent">
              <xs:attributeGroup ref="Identified"/>
              <xs:attributeGroup ref="Corners"/>
              <xs:attributeGroup ref="Stamps"/>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
      </xs:element>
      <xs:group ref="SourceEnd"/>
    </xs:sequence>
    <xs:attributeGroup ref="SourceAttributes"/>
  </xs:complexType>
  <xs:complexType name="PDFSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PDFSelection" type="PDFSelectionType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Representation" type="TextSourceType" minOccurs="0"/>
      <xs:group ref="SourceEnd"/>
    </xs:sequence>
    <xs:attributeGroup ref="SourceAttributes"/>
  </xs:complexType>
  <!-- One page and two corners: the standard has no selection across pages. -->
  <xs:complexType name="PDFSelectionType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="Representation" type="TextSourceType" minOccurs="0"/>
      <xs:group ref="CodingsAndNotes"/>
    </xs:sequence>
    <xs:attributeGroup ref="Identified"/>
    <xs:attribute name="page" type="xs:integer" use="required"/>
    <xs:attributeGroup ref="Corners"/>
    <xs:attributeGroup ref="Stamps"/>
  </xs:complexType>
{_media_source("Audio")}
{_media_source("Video")}
  <xs:complexType name="MediaSelectionType">
    <xs:complexContent>
      <xs:extension base="SelectionContent">
        <xs:attributeGroup ref="Identified"/>
        <xs:attribute name="begin" type="xs:integer" use="required"/>
        <xs:attribute name="end" type="xs:integer" use="required"/>
        <xs:attributeGroup ref="Stamps"/>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="TranscriptType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextContent" type="xs:string" minOccurs="0"/>
      <xs:element name="SyncPoint" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:attribute name="guid" type="GUIDType" use="required"/>
          <xs:attribute name="timeStamp" type="xs:integer"/>
          <xs:attribute name="position" type="xs:integer"/>
        </xs:complexType>
      </xs:element>
      <xs:element name="TranscriptSelection" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:complexContent>
            <xs:extension base="SelectionContent">
              <xs:attributeGroup ref="Identified"/>
              <xs:attribute name="fromSyncPoint" type="GUIDType"/>
              <xs:attribute name="toSyncPoint" type="GUIDType"/>
              <xs:attributeGroup ref="Stamps"/>
            </xs:extension>
          </xs:complexContent>
        </xs:complexType>
      </xs:element>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attributeGroup ref="TextAttributes"/>
  </xs:complexType>

  <xs:simpleType name="DirectionType">
    <xs:restriction base="xs:token">
      <xs:enumeration value="Associative"/>
      <xs:enumeration value="OneWay"/>
      <xs:enumeration value="Bidirectional"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="LinkType">
    <xs:sequence>
      <xs:element name="NoteRef" type="RefType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attributeGroup ref="Identified"/>
    <xs:attribute name="direction" type="DirectionType"/>
    <xs:attribute name="color" type="RGBType"/>
    <xs:attribute name="originGUID" type="GUIDType"/>
    <xs:attribute name="targetGUID" type="GUIDType"/>
  </xs:complexType>
  <xs:complexType name="GraphType">
    <xs:sequence>
      <xs:element name="Vertex" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:attributeGroup ref="Identified"/>
          <xs:attribute name="representedGUID" type="GUIDType"/>
          <xs:attribute name="firstX" type="xs:integer" use="required"/>
          <xs:attribute name="firstY" type="xs:integer" use="required"/>
          <xs:attribute name="secondX" type="xs:integer"/>
          <xs:attribute name="secondY" type="xs:integer"/>
          <xs:attribute name="shape">
            <xs:simpleType>
              <xs:restriction base="xs:token">
                <xs:enumeration value="Person"/>
                <xs:enumeration value="Oval"/>
                <xs:enumeration value="Rectangle"/>
                <xs:enumeration value="RoundedRectangle"/>
                <xs:enumeration value="Star"/>
                <xs:enumeration value="LeftTriangle"/>
                <xs:enumeration value="RightTriangle"/>
                <xs:enumeration value="UpTriangle"/>
                <xs:enumeration value="DownTriangle"/>
                <xs:enumeration value="Note"/>
              </xs:restriction>
            </xs:simpleType>
          </xs:attribute>
          <xs:attribute name="color" type="RGBType"/>
        </xs:complexType>
      </xs:element>
      <xs:element name="Edge" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:attributeGroup ref="Identified"/>
          <xs:attribute name="representedGUID" type="GUIDType"/>
          <xs:attribute name="sourceVertex" type="GUIDType" use="required"/>
          <xs:attribute name="targetVertex" type="GUIDType" use="required"/>
          <xs:attribute name="color" type="RGBType"/>
          <xs:attribute name="direction" type="DirectionType"/>
          <xs:attribute name="lineStyle">
            <xs:simpleType>
              <xs:restriction base="xs:token">
                <xs:enumeration value="dotted"/>
                <xs:enumeration value="dashed"/>
                <xs:enumeration value="solid"/>
              </xs:restriction>
            </xs:simpleType>
          </xs:attribute>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
    <xs:attributeGroup ref="Identified"/>
  </xs:complexType>
{_code_type(note_refs=True)}
{_TYPES}
</xs:schema>
"""
